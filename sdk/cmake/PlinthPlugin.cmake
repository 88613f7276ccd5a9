# plinth_add_plugin(<name> <sources...>)
# Builds a Plinth plugin: a shared module named exactly <name>.so (no "lib" prefix),
# exporting only the entry symbol, linked against the SDK headers and nothing else of
# Plinth. Output goes to PLINTH_PLUGIN_OUTPUT_DIR when that is set (the in-tree build).
function(plinth_add_plugin name)
  add_library(${name} MODULE ${ARGN})
  if(TARGET plinth_sdk)
    target_link_libraries(${name} PRIVATE plinth_sdk)
  else()
    target_link_libraries(${name} PRIVATE Plinth::sdk)
  endif()
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(PLINTH_PLUGIN_OUTPUT_DIR)
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${PLINTH_PLUGIN_OUTPUT_DIR})
  endif()
  if(PLINTH_INSTALL_PLUGIN_DIR)
    install(TARGETS ${name} LIBRARY DESTINATION ${PLINTH_INSTALL_PLUGIN_DIR})
  endif()
endfunction()
