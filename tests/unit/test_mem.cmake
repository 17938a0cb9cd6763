# SPDX-License-Identifier: GPL-2.0-or-later
# fastrpc-mem: its own functions, and the built binary against its man page
# and its bash completion.
tool_test(test_mem)
target_link_libraries(test_mem PRIVATE fastrpc_mem_core)
target_compile_definitions(test_mem PRIVATE
	FASTRPC_MEM_BIN="$<TARGET_FILE:fastrpc-mem>"
	FASTRPC_MEM_MAN="${PROJECT_SOURCE_DIR}/man/man1/fastrpc-mem.1"
	FASTRPC_MEM_COMPLETION="${PROJECT_SOURCE_DIR}/tools/completion/fastrpc-mem")
add_dependencies(test_mem fastrpc-mem)
