# Folders that register themselves (sim/models/<name>/, checks/papers/<name>/): every sub-folder of `root` holding
# `marker` is one entry; its .cpp files are built. Sets, in the caller's scope, <out>_NAMES (folder names in
# sorted order) and <out>_SOURCES (their .cpp files). docs/architecture.md says how a folder registers.
function(lnsgd_registered_folders root marker out)
  file(GLOB dirs LIST_DIRECTORIES true CONFIGURE_DEPENDS ${root}/*)
  list(SORT dirs)
  set(names "")
  set(sources "")
  foreach(dir IN LISTS dirs)
    if(IS_DIRECTORY ${dir} AND EXISTS ${dir}/${marker})
      get_filename_component(name ${dir} NAME)
      file(GLOB cpp CONFIGURE_DEPENDS ${dir}/*.cpp)
      list(APPEND names ${name})
      list(APPEND sources ${cpp})
    endif()
  endforeach()
  set(${out}_NAMES ${names} PARENT_SCOPE)
  set(${out}_SOURCES ${sources} PARENT_SCOPE)
endfunction()
