<header><p>{{ branch }}会议记录本</p></header>
