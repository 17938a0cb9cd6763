# SPDX-License-Identifier: GPL-2.0-or-later
# fastrpc-run's parts (every source of the tool but its main), and the
# built tool against its man page and bash completion.
get_target_property(run_dir fastrpc-run SOURCE_DIR)
get_target_property(run_sources fastrpc-run SOURCES)
list(REMOVE_ITEM run_sources fastrpc-run.c)
list(TRANSFORM run_sources PREPEND ${run_dir}/)
tool_test(test_run ${run_sources})
target_include_directories(test_run PRIVATE ${run_dir})
target_compile_definitions(test_run PRIVATE
	RUN_BINARY="$<TARGET_FILE:fastrpc-run>"
	RUN_MAN_PAGE="${PROJECT_SOURCE_DIR}/man/man1/fastrpc-run.1"
	RUN_COMPLETION="${PROJECT_SOURCE_DIR}/tools/completion/fastrpc-run")
add_dependencies(test_run fastrpc-run)
