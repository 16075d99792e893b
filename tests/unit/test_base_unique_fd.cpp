#include <fcntl.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <utility>

#include "mtasts/base/unique_fd.hpp"

using mtasts::base::UniqueFd;

namespace {

bool is_open(int fd) {
    return ::fcntl(fd, F_GETFD) != -1;
}

}  // namespace

TEST_CASE("UniqueFd closes its descriptor on every path out", "[base][fd]") {
    int raw = -1;
    {
        UniqueFd fd(::open("/dev/null", O_RDONLY | O_CLOEXEC));
        raw = fd.get();
        REQUIRE(raw >= 0);
        CHECK(is_open(raw));
    }
    CHECK_FALSE(is_open(raw));
}

TEST_CASE("UniqueFd moves, releases and resets", "[base][fd]") {
    UniqueFd first(::open("/dev/null", O_RDONLY | O_CLOEXEC));
    const int raw = first.get();
    REQUIRE(raw >= 0);
    UniqueFd second(std::move(first));
    CHECK(first.get() == -1);  // NOLINT(bugprone-use-after-move): a moved-from fd owns nothing
    CHECK(second.get() == raw);

    UniqueFd third;
    third = std::move(second);
    CHECK(third.get() == raw);
    CHECK(is_open(raw));

    const int released = third.release();
    CHECK(third.get() == -1);
    CHECK(is_open(released));
    UniqueFd again(released);
    again.reset();
    CHECK(again.get() == -1);
    CHECK_FALSE(is_open(released));

    UniqueFd checked(::open("/dev/null", O_RDONLY | O_CLOEXEC));
    CHECK(checked.close_checked());
    CHECK(checked.get() == -1);
    CHECK(UniqueFd().close_checked());  // nothing owned: nothing to fail
}
