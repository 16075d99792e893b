#pragma once
// Starts one of the Python fake servers of tests/net as a child process, reads its
// "READY <port>" line, and stops it (SIGTERM, then SIGKILL) by PID when destroyed.
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <ares.h>
#include <curl/curl.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "mtasts/base/ip_address.hpp"

namespace mtasts::net::testing {

// What the program's main sets up once (src/cli/main.cpp), done before the test program's main
// runs: SIGPIPE ignored (a fake server that resets must not end the test), libcurl and c-ares
// initialised.
inline const bool k_process_ready = [] {
    signal(SIGPIPE, SIG_IGN);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    ares_library_init(ARES_LIB_INIT_ALL);
    return true;
}();

inline std::string script_path(const std::string& name) {
    return std::string(MTASTS_NET_TEST_DIR) + "/" + name;
}

class FakeServer {
public:
    // Runs `python3 <script> <args...>` and waits for its READY line.
    FakeServer(const std::string& script, const std::vector<std::string>& args) {
        int pipe_fds[2];
        if (pipe(pipe_fds) != 0) {
            throw std::runtime_error("pipe failed");
        }
        std::vector<std::string> argv_text{MTASTS_PYTHON3, script_path(script)};
        argv_text.insert(argv_text.end(), args.begin(), args.end());
        m_pid = fork();
        if (m_pid == 0) {
            dup2(pipe_fds[1], STDOUT_FILENO);
            close(pipe_fds[0]);
            close(pipe_fds[1]);
            std::vector<char*> argv;
            for (std::string& arg : argv_text) {
                argv.push_back(arg.data());
            }
            argv.push_back(nullptr);
            execv(argv[0], argv.data());
            _exit(127);
        }
        close(pipe_fds[1]);
        FILE* out = fdopen(pipe_fds[0], "r");
        char line[256] = {};
        if (out == nullptr || std::fgets(line, sizeof line, out) == nullptr ||
            std::sscanf(line, "READY %d", &m_port) != 1) {
            if (out != nullptr) {
                std::fclose(out);
            }
            stop();
            throw std::runtime_error("fake server " + script + " did not start");
        }
        m_out = out;
    }

    ~FakeServer() {
        stop();
        if (m_out != nullptr) {
            std::fclose(m_out);
        }
    }

    FakeServer(const FakeServer&) = delete;
    FakeServer& operator=(const FakeServer&) = delete;

    int port() const { return m_port; }
    // The server's port on `ip` (one of its listening addresses), e.g. as a resolver.
    base::IpEndpoint endpoint(const std::string& ip) const {
        return {base::IpAddress::parse(ip).value(), static_cast<std::uint16_t>(m_port)};
    }

private:
    void stop() {
        if (m_pid <= 0) {
            return;
        }
        kill(m_pid, SIGTERM);
        for (int i = 0; i < 50; ++i) {
            if (waitpid(m_pid, nullptr, WNOHANG) == m_pid) {
                m_pid = -1;
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        kill(m_pid, SIGKILL);
        waitpid(m_pid, nullptr, 0);
        m_pid = -1;
    }

    pid_t m_pid = -1;
    int m_port = 0;
    FILE* m_out = nullptr;
};

// A test PKI made once per test process by make_pki.py in a fresh temp dir (removed at exit).
inline const std::string& test_pki_dir() {
    static const std::string dir = [] {
        char pattern[] = "/tmp/mtasts-net-pki-XXXXXX";
        if (mkdtemp(pattern) == nullptr) {
            throw std::runtime_error("mkdtemp failed");
        }
        std::string made = pattern;
        { FakeServer maker("make_pki.py", {made}); }
        static const std::string to_remove = made;
        std::atexit([] { std::filesystem::remove_all(to_remove); });
        return made;
    }();
    return dir;
}

}  // namespace mtasts::net::testing
