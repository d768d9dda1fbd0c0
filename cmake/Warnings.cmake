# Warnings for our own targets (not for third-party headers).
function(dangan_target_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                           -Wno-missing-field-initializers)
  if(DANGAN_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

if(DANGAN_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# dangan_module(NAME LINKS ...): a static library from every .cpp in src/NAME (and its subfolders).
function(dangan_module name)
  cmake_parse_arguments(ARG "" "" "LINKS" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  add_library(dangan_${name} STATIC ${sources})
  target_include_directories(dangan_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(dangan_${name} PUBLIC ${ARG_LINKS})
  dangan_target_warnings(dangan_${name})
endfunction()
