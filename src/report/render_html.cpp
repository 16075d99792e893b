#include "mtasts/report/render.hpp"

namespace mtasts::report {
void render_html(const Summary& summary, std::ostream& out) { (void)summary; out << "TODO\n"; }
}  // namespace mtasts::report
