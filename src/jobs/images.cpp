#include "jobs/images.hpp"

#include <fstream>
#include <memory>
#include <sstream>

namespace dangan::jobs {

namespace {

namespace fs = std::filesystem;

constexpr std::uintmax_t max_image_bytes = 20 * 1024 * 1024;

uint32_t big_endian(const std::string& b, size_t at, int bytes) {
    uint32_t v = 0;
    for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<unsigned char>(b[at + i]);
    return v;
}

/// Whether `path` lies inside `root` once both are resolved (symbolic links and ".." included).
bool resolves_inside(const fs::path& path, const fs::path& root) {
    std::error_code ec;
    const fs::path real = fs::weakly_canonical(path, ec);
    if (ec) return false;
    const fs::path base = fs::weakly_canonical(root, ec);
    if (ec) return false;
    auto r = base.begin();
    auto p = real.begin();
    for (; r != base.end(); ++r, ++p)
        if (p == real.end() || *p != *r) return false;
    return true;
}

/// PNG: the IHDR size; refuses an alpha channel (colour types 4, 6) and a tRNS chunk (transparency).
std::string read_png(const std::string& bytes, document::Image& image) {
    if (bytes.size() < 33 || bytes.compare(12, 4, "IHDR") != 0) return "PNG 文件不完整（没有 IHDR）";
    image.pixel_width = static_cast<int>(big_endian(bytes, 16, 4));
    image.pixel_height = static_cast<int>(big_endian(bytes, 20, 4));
    const int colour = static_cast<unsigned char>(bytes[25]);
    if (colour == 4 || colour == 6)
        return "PNG 图片带透明通道（alpha），PDF/A-1b 不允许透明：请在图片软件中去掉透明背景（如另存为白底 PNG 或 JPEG）";
    for (size_t at = 8; at + 8 <= bytes.size();) {
        const uint32_t length = big_endian(bytes, at, 4);
        const std::string type = bytes.substr(at + 4, 4);
        if (type == "tRNS")
            return "PNG 图片设置了透明色（tRNS），PDF/A-1b 不允许透明：请在图片软件中去掉透明背景（如另存为白底 PNG 或 JPEG）";
        if (type == "IDAT" || type == "IEND") break;
        at += 12 + static_cast<size_t>(length);
    }
    return {};
}

/// JPEG: the size and colour components from the first SOF marker; refuses CMYK (4 components).
std::string read_jpeg(const std::string& bytes, document::Image& image) {
    for (size_t at = 2; at + 9 < bytes.size();) {
        if (static_cast<unsigned char>(bytes[at]) != 0xFF) return "JPEG 文件已损坏（找不到图像尺寸）";
        const int marker = static_cast<unsigned char>(bytes[at + 1]);
        if (marker == 0xFF) {
            ++at;
            continue;
        }
        const uint32_t length = big_endian(bytes, at + 2, 2);
        const bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (sof) {
            image.pixel_height = static_cast<int>(big_endian(bytes, at + 5, 2));
            image.pixel_width = static_cast<int>(big_endian(bytes, at + 7, 2));
            const int components = static_cast<unsigned char>(bytes[at + 9]);
            if (components == 4)
                return "JPEG 图片是 CMYK 颜色（印刷用），PDF/A-1b 的色彩空间为 sRGB：请另存为 RGB 的 JPEG 或 PNG";
            if (components != 1 && components != 3) return "JPEG 图片的颜色分量数不支持";
            return {};
        }
        at += 2 + length;
    }
    return "JPEG 文件已损坏（找不到图像尺寸）";
}

}  // namespace

void load_images(document::Document& document, const std::vector<fs::path>& roots,
                 const document::MarkupOrigin& origin) {
    for (auto& section : document.sections) {
        for (auto& block : section.blocks) {
            auto* image = std::get_if<document::Image>(&block.content);
            if (!image) continue;
            auto fail = [&](const std::string& message) {
                core::Location at = block.where;
                if (origin) {
                    core::Location mapped = origin(block.where.line, block.where.column);
                    if (!mapped.file.empty()) at = std::move(mapped);
                }
                throw core::InputError(at, "<image src=\"" + image->src + "\">：" + message);
            };
            const fs::path src = fs::path(image->src).lexically_normal();
            if (src.is_absolute() || src.empty() || *src.begin() == "..")
                fail("图片只能从模板文件夹或数据文件夹中读取，请写相对这些文件夹的路径（不能以 / 开头或用 .. 跳出）");
            std::string folders;
            fs::path found;
            for (const auto& root : roots) {
                folders += (folders.empty() ? "" : "、") + root.string();
                const fs::path candidate = root / src;
                std::error_code ec;
                if (!fs::is_regular_file(candidate, ec)) continue;
                if (!resolves_inside(candidate, root)) fail("文件在模板或数据文件夹之外（经由符号链接），不读取");
                found = candidate;
                break;
            }
            if (found.empty()) fail("找不到图片文件；在这些文件夹中查找过：" + folders);
            std::error_code ec;
            if (fs::file_size(found, ec) > max_image_bytes || ec) fail("图片文件大于 20 MB 或无法读取");
            std::ifstream in(found, std::ios::binary);
            std::ostringstream buffer;
            buffer << in.rdbuf();
            auto bytes = std::make_shared<std::string>(buffer.str());
            if (!in) fail("无法读取图片文件 " + found.string());
            std::string problem;
            if (bytes->size() >= 8 && bytes->compare(0, 8, "\x89PNG\r\n\x1a\n") == 0) {
                problem = read_png(*bytes, *image);
                image->jpeg = false;
            } else if (bytes->size() >= 3 && static_cast<unsigned char>((*bytes)[0]) == 0xFF &&
                       static_cast<unsigned char>((*bytes)[1]) == 0xD8) {
                problem = read_jpeg(*bytes, *image);
                image->jpeg = true;
            } else {
                problem = "不是 PNG 或 JPEG 图片（只支持这两种格式）";
            }
            if (problem.empty() && (image->pixel_width <= 0 || image->pixel_height <= 0 ||
                                    image->pixel_width > 20000 || image->pixel_height > 20000))
                problem = "图片尺寸不合理（" + std::to_string(image->pixel_width) + "×" +
                          std::to_string(image->pixel_height) + " 像素）";
            if (!problem.empty()) fail(problem);
            image->data = std::move(bytes);
        }
    }
}

}  // namespace dangan::jobs
