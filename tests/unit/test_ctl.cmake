# SPDX-License-Identifier: GPL-2.0-or-later
# fastrpc-ctl: its pure parts, and the binary's --help against its man page
# and its bash completion.
unit_test(test_ctl)
target_link_libraries(test_ctl PRIVATE fastrpc_ctl tools_common)
target_include_directories(test_ctl PRIVATE ${FASTRPC_UAPI_DIR} ${LIBDRM_INCLUDE_DIRS})

# bash-completion's main script sits above its completions directory.
pkg_get_variable(CTL_COMPLETIONS_DIR bash-completion completionsdir)
if(CTL_COMPLETIONS_DIR)
	get_filename_component(CTL_BASH_COMPLETION ${CTL_COMPLETIONS_DIR} DIRECTORY)
	set(CTL_BASH_COMPLETION ${CTL_BASH_COMPLETION}/bash_completion)
else()
	set(CTL_BASH_COMPLETION /usr/share/bash-completion/bash_completion)
endif()

target_compile_definitions(test_ctl PRIVATE
	CTL_BINARY="$<TARGET_FILE:fastrpc-ctl>"
	CTL_MAN_PAGE="${PROJECT_SOURCE_DIR}/man/man1/fastrpc-ctl.1"
	CTL_COMPLETION="${PROJECT_SOURCE_DIR}/tools/completion/fastrpc-ctl"
	CTL_BASH_COMPLETION="${CTL_BASH_COMPLETION}")
add_dependencies(test_ctl fastrpc-ctl)
