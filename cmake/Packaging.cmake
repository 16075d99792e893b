# The Debian package: `cpack -G DEB` in a build tree (see packaging/README.md). Depends comes from
# dpkg-shlibdeps, so the package asks for exactly the libraries the binary links.
set(MTASTS_MAINTAINER "mta-sts-check maintainers <maintainers@users.noreply.r-seed-2fa660cc.example>"
    CACHE STRING "Maintainer field of the Debian package")

# Debian wants man pages and the changelog gzipped with -9 -n (no name, no time: reproducible).
find_program(GZIP_PROGRAM gzip REQUIRED)
set(packaging_dir ${CMAKE_CURRENT_BINARY_DIR}/packaging)
function(mtasts_gzip input output)
  add_custom_command(OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${packaging_dir}
    COMMAND ${GZIP_PROGRAM} -9 -n -c ${input} > ${output}
    DEPENDS ${input} VERBATIM)
endfunction()
mtasts_gzip(${CMAKE_CURRENT_SOURCE_DIR}/man/mta-sts-check.1 ${packaging_dir}/mta-sts-check.1.gz)
mtasts_gzip(${CMAKE_CURRENT_SOURCE_DIR}/packaging/changelog ${packaging_dir}/changelog.Debian.gz)
add_custom_target(mtasts_packaging_files ALL DEPENDS ${packaging_dir}/mta-sts-check.1.gz ${packaging_dir}/changelog.Debian.gz)

install(FILES ${packaging_dir}/mta-sts-check.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES packaging/copyright DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES ${packaging_dir}/changelog.Debian.gz DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME ${PROJECT_NAME})
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT ${MTASTS_MAINTAINER})
set(CPACK_DEBIAN_PACKAGE_MAINTAINER ${MTASTS_MAINTAINER})
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Read at run time to name the provider of a hosted setup; without it the last two labels of
# the CNAME target are used (src/check/live/public_suffix_file.cpp).
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS publicsuffix)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "checker for a mail domain's MTA-STS and TLS-RPT setup")
# Debian wraps the extended description below 80 columns.
set(CPACK_PACKAGE_DESCRIPTION "mta-sts-check checks a mail domain's MTA-STS (RFC 8461) policy
and its SMTP TLS Reporting (RFC 8460) record. It resolves the records and
MX hosts, fetches and validates the policy over HTTPS, probes every MX
address with STARTTLS, and says whether a sender that honours the policy
would deliver to each MX host, and what to fix. It exits non-zero on a
misconfiguration for CI, checks many domains at once, lints policy files
before they are published, and summarizes the TLS-RPT aggregate reports
that senders mail to the domain.")
# Only the binary's own files, with the permissions Debian expects.
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
set(CPACK_STRIP_FILES ON)
include(CPack)
