# SPDX-License-Identifier: GPL-2.0-or-later
# fastrpc-ctl: its pure parts, and the binary's --help against its man page
# and its bash completion.
tool_test(test_ctl)
target_link_libraries(test_ctl PRIVATE fastrpc_ctl)
target_include_directories(test_ctl PRIVATE ${FASTRPC_UAPI_DIR} ${LIBDRM_INCLUDE_DIRS})
target_compile_definitions(test_ctl PRIVATE
	CTL_BINARY="$<TARGET_FILE:fastrpc-ctl>"
	CTL_MAN_PAGE="${PROJECT_SOURCE_DIR}/man/man1/fastrpc-ctl.1"
	CTL_COMPLETION="${PROJECT_SOURCE_DIR}/tools/completion/fastrpc-ctl")
add_dependencies(test_ctl fastrpc-ctl)
