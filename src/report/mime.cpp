// GMime adapter: the only file that includes gmime.h. Every GObject lives in a unique_ptr.
#include "mtasts/report/mime.hpp"

#include <fcntl.h>
#include <gmime/gmime.h>

#include <memory>

#include "mtasts/base/text.hpp"

namespace mtasts::report {
namespace {

struct GObjectUnref {
    void operator()(void* object) const {
        if (object != nullptr) g_object_unref(object);
    }
};
template <class T>
using GPtr = std::unique_ptr<T, GObjectUnref>;

struct GFree {
    void operator()(char* text) const { g_free(text); }
};

std::optional<std::string> header(GMimeObject* object, const char* name) {
    const char* value = g_mime_object_get_header(object, name);
    if (value == nullptr) return std::nullopt;
    return std::string(base::trim(value));
}

// RFC 8460 §5.3 names the two media types; real senders also use a bare application/tlsrpt or a
// generic type with a report-like file name, so the name counts too.
bool looks_like_report(std::string_view content_type, std::string_view file_name) {
    const std::string type = base::lower(content_type);
    const std::string name = base::lower(file_name);
    if (type.starts_with("application/tlsrpt")) return true;
    if (type == "application/gzip" || type == "application/x-gzip" || type == "application/json") return true;
    return name.ends_with(".json") || name.ends_with(".json.gz") || name.ends_with(".gz");
}

class Walker {
public:
    explicit Walker(MailExtract& out) : m_out(out) {}

    void walk(GMimeObject* object, int depth) {
        if (object == nullptr || m_out.error) return;
        if (depth > k_max_mime_depth) {
            m_out.error = "MIME structure nested deeper than " + std::to_string(k_max_mime_depth) + " levels";
            return;
        }
        if (GMIME_IS_MULTIPART(object)) {
            auto* multipart = GMIME_MULTIPART(object);
            const int count = g_mime_multipart_get_count(multipart);
            for (int i = 0; i < count; ++i) walk(g_mime_multipart_get_part(multipart, i), depth + 1);
        } else if (GMIME_IS_MESSAGE_PART(object)) {
            GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(object));
            if (inner != nullptr) walk(g_mime_message_get_mime_part(inner), depth + 1);
        } else if (GMIME_IS_PART(object)) {
            leaf(GMIME_PART(object));
        }
    }

private:
    void leaf(GMimePart* part) {
        GMimeContentType* type = g_mime_object_get_content_type(GMIME_OBJECT(part));
        std::string content_type;
        if (type != nullptr) {
            const std::unique_ptr<char, GFree> mime_type(g_mime_content_type_get_mime_type(type));
            if (mime_type) content_type = mime_type.get();
        }
        const char* name = g_mime_part_get_filename(part);
        const std::string file_name = name != nullptr ? name : "";
        if (!looks_like_report(content_type, file_name)) return;
        GMimeDataWrapper* content = g_mime_part_get_content(part);
        if (content == nullptr) return;
        const GPtr<GMimeStream> decoded(g_mime_stream_mem_new());
        // Removes the Content-Transfer-Encoding (base64, quoted-printable).
        if (g_mime_data_wrapper_write_to_stream(content, decoded.get()) < 0) {
            m_out.error = "could not decode the attachment " + file_name;
            return;
        }
        GByteArray* array = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(decoded.get()));
        Attachment attachment{file_name, content_type, {}};
        if (array != nullptr) attachment.bytes.assign(reinterpret_cast<const char*>(array->data), array->len);
        m_out.attachments.push_back(std::move(attachment));
    }

    MailExtract& m_out;
};

MailExtract extract(GMimeMessage* message) {
    MailExtract out;
    auto* object = GMIME_OBJECT(message);
    out.info.report_domain = header(object, "TLS-Report-Domain");
    out.info.submitter = header(object, "TLS-Report-Submitter");
    if (const char* subject = g_mime_message_get_subject(message); subject != nullptr) out.info.subject = subject;
    Walker(out).walk(g_mime_message_get_mime_part(message), 0);
    return out;
}

void walk_mbox(GMimeStream* stream, const std::function<void(std::size_t, MailExtract&&)>& visit) {
    const GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream));
    g_mime_parser_set_format(parser.get(), GMIME_FORMAT_MBOX);
    std::size_t index = 0;
    while (g_mime_parser_eos(parser.get()) == 0) {
        const gint64 before = g_mime_parser_tell(parser.get());
        const GPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), nullptr));
        if (!message) break;
        ++index;
        const gint64 after = g_mime_parser_tell(parser.get());
        if (after - before > static_cast<gint64>(k_max_message_bytes)) {
            MailExtract too_big;
            too_big.error = "message larger than " + std::to_string(k_max_message_bytes) + " bytes (refused)";
            visit(index, std::move(too_big));
            continue;
        }
        visit(index, extract(message.get()));
    }
}

}  // namespace

MailExtract extract_from_message(std::string_view bytes) {
    if (bytes.size() > k_max_message_bytes) {
        MailExtract out;
        out.error = "message larger than " + std::to_string(k_max_message_bytes) + " bytes (refused)";
        return out;
    }
    const GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size()));
    const GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
    const GPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), nullptr));
    if (!message) {
        MailExtract out;
        out.error = "not a parsable e-mail message";
        return out;
    }
    return extract(message.get());
}

void for_each_mbox_message(std::string_view bytes, const std::function<void(std::size_t, MailExtract&&)>& visit) {
    const GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size()));
    walk_mbox(stream.get(), visit);
}

std::optional<std::string> for_each_mbox_file_message(const std::string& path,
                                                      const std::function<void(std::size_t, MailExtract&&)>& visit) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return "cannot open";
    // The stream owns the descriptor and closes it.
    const GPtr<GMimeStream> stream(g_mime_stream_fs_new(fd));
    walk_mbox(stream.get(), visit);
    return std::nullopt;
}

}  // namespace mtasts::report
