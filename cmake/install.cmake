# cmake --install: the lnsgd program, the libraries as a CMake package (find_package(lnsgd CONFIG) with the
# targets lnsgd::theory, lnsgd::certified, lnsgd::sim, lnsgd::checks, lnsgd::cli), their headers, and the report's
# drawing script. docs/library.md says how a project of one's own builds against them (examples/ does).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(LNSGD_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/lnsgd)

install(TARGETS lnsgd RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS lnsgd_theory lnsgd_certified lnsgd_sim lnsgd_cuda lnsgd_checks lnsgd_cli EXPORT lnsgdTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(EXPORT lnsgdTargets NAMESPACE lnsgd:: DESTINATION ${LNSGD_INSTALL_CMAKEDIR})

# Headers: every include/lnsgd/ tree, and the model folders (their headers, included as "<model>/<file>.hpp")
# under include/lnsgd/models/.
foreach(part theory sim checks cli)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${part}/include/lnsgd DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
endforeach()
install(DIRECTORY ${PROJECT_SOURCE_DIR}/sim/models/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/lnsgd/models
        FILES_MATCHING PATTERN "*.hpp")
install(DIRECTORY ${PROJECT_SOURCE_DIR}/scripts/report/ DESTINATION ${CMAKE_INSTALL_DATADIR}/lnsgd/report
        FILES_MATCHING PATTERN "*.py" PATTERN "__pycache__" EXCLUDE)

configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/lnsgdConfig.cmake.in
                              ${CMAKE_BINARY_DIR}/cmake/lnsgdConfig.cmake INSTALL_DESTINATION ${LNSGD_INSTALL_CMAKEDIR})
write_basic_package_version_file(${CMAKE_BINARY_DIR}/cmake/lnsgdConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/cmake/lnsgdConfig.cmake ${CMAKE_BINARY_DIR}/cmake/lnsgdConfigVersion.cmake
        DESTINATION ${LNSGD_INSTALL_CMAKEDIR})
