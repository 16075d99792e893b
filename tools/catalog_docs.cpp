// Writes the finding lists of the man page (FINDINGS), docs/findings.md and the completions
// from the catalog, between the marker lines of each file ("findings TOPIC: begin" and
// "findings TOPIC: end"; "finding ids: begin" and "finding ids: end" in the completions), so
// that adding a finding to include/mtasts/model/catalog_table.hpp needs no pasting.
//
//   mtasts_catalog_docs --write SOURCE_DIR   rewrite the blocks (target update-docs)
//   mtasts_catalog_docs --check SOURCE_DIR   exit 1 when a block differs (a ctest)
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "catalog_formats.hpp"

namespace {

namespace fs = std::filesystem;
using mtasts::tools::all_topics;
using mtasts::tools::topic_name;

constexpr std::string_view k_update_command = "cmake --build build --target update-docs";

// The lines between the markers of `block` are written from the catalog.
struct Block {
    std::string name;     // "findings dns-lookups", "finding ids"
    std::string content;  // whole lines, each ending in '\n'
};

struct GeneratedFile {
    std::string path;  // relative to the source directory
    std::vector<Block> blocks;
};

std::vector<GeneratedFile> generated_files() {
    GeneratedFile man{"man/mta-sts-check.1", {}};
    GeneratedFile markdown{"docs/findings.md", {}};
    for (const mtasts::model::Topic topic : all_topics()) {
        const std::string name = "findings " + std::string(topic_name(topic));
        man.blocks.push_back({name, mtasts::tools::man_entries(topic)});
        markdown.blocks.push_back({name, mtasts::tools::markdown_table(topic)});
    }
    return {man,
            markdown,
            {"completions/mta-sts-check.bash", {{"finding ids", mtasts::tools::bash_ids()}}},
            {"completions/_mta-sts-check", {{"finding ids", mtasts::tools::zsh_ids()}}},
            {"completions/mta-sts-check.fish", {{"finding ids", mtasts::tools::fish_ids()}}}};
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line + "\n");
    return lines;
}

// The index of the only line containing `marker`, or an error message.
std::size_t find_marker(const std::vector<std::string>& lines, const std::string& marker, std::string& error) {
    std::size_t found = lines.size();
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (lines[i].find(marker) == std::string::npos) continue;
        if (found != lines.size()) error = "the marker '" + marker + "' appears more than once";
        found = i;
    }
    if (found == lines.size()) error = "the marker '" + marker + "' is missing";
    return found;
}

// `text` with the lines between the markers of `block` replaced; false with `error` set when
// the markers are missing, repeated or out of order.
bool replace_block(std::string& text, const Block& block, std::string& error) {
    std::vector<std::string> lines = lines_of(text);
    const std::size_t begin = find_marker(lines, block.name + ": begin", error);
    const std::size_t end = find_marker(lines, block.name + ": end", error);
    if (!error.empty()) return false;
    if (end <= begin) {
        error = "'" + block.name + ": end' comes before its begin marker";
        return false;
    }
    std::string out;
    for (std::size_t i = 0; i <= begin; ++i) out += lines[i];
    out += block.content;
    for (std::size_t i = end; i < lines.size(); ++i) out += lines[i];
    text = std::move(out);
    return true;
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void write_file(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) throw std::runtime_error("cannot write " + path.string());
}

// Checks or rewrites every generated file; the exit status of the program.
int run(const fs::path& source_dir, bool write) {
    int status = 0;
    for (const GeneratedFile& file : generated_files()) {
        const fs::path path = source_dir / file.path;
        const std::string before = read_file(path);
        std::string after = before;
        for (const Block& block : file.blocks) {
            std::string error;
            if (!replace_block(after, block, error)) {
                std::cerr << file.path << ": " << error << '\n';
                status = 1;
            }
        }
        if (after == before) continue;
        if (write) {
            write_file(path, after);
            std::cout << "wrote " << file.path << '\n';
        } else {
            std::cerr << file.path << ": the finding lists differ from the catalog\n";
            status = 1;
        }
    }
    if (status != 0 && !write) {
        std::cerr << "The finding lists are generated from include/mtasts/model/catalog_table.hpp: run `"
                  << k_update_command << "` and commit the result.\n";
    }
    return status;
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() != 2 || (args[0] != "--write" && args[0] != "--check")) {
        std::cerr << "usage: mtasts_catalog_docs --write|--check SOURCE_DIR\n";
        return 2;
    }
    try {
        return run(args[1], args[0] == "--write");
    } catch (const std::exception& e) {
        std::cerr << "mtasts_catalog_docs: " << e.what() << '\n';
        return 2;
    }
}
