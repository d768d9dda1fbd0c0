</main>
<footer>dangan 档案 · 记录保存在数据文件夹中，网页版与命令行读写同样的文件</footer>
</body>
</html>
