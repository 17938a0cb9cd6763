# SPDX-License-Identifier: GPL-2.0-or-later
#
# The Hexagon toolchain and how a skeleton is built with it, shared by
# sim/hexagon (the shell, the lab skeleton) and examples/ (the calculator).
# The project's C compiler targets the host, so Hexagon code is compiled
# and linked with clang and ld.lld through custom commands.

set(HEXAGON_CPU v67 CACHE STRING
	"Hexagon CPU to build for (qemu-hexagon-static 7.2 runs v67 ELFs, not v68)")

find_program(HEXAGON_CLANG NAMES clang clang-14 DOC "clang with the Hexagon target")
find_program(HEXAGON_LLD NAMES ld.lld ld.lld-14 DOC "ld.lld, to link Hexagon ELFs")
find_program(QEMU_HEXAGON NAMES qemu-hexagon-static qemu-hexagon DOC "Hexagon user-mode emulator")

# A clang built without the Hexagon backend is found as easily as one with it.
set(HEXAGON_TOOLCHAIN OFF)
if(HEXAGON_CLANG AND HEXAGON_LLD)
	execute_process(
		COMMAND ${HEXAGON_CLANG} --target=hexagon-unknown-linux-musl -ffreestanding
			-x c -c -o /dev/null /dev/null
		RESULT_VARIABLE hexagon_clang_rc OUTPUT_QUIET ERROR_QUIET)
	if(hexagon_clang_rc EQUAL 0)
		set(HEXAGON_TOOLCHAIN ON)
	endif()
endif()

# hexagon_skeleton(<name> <output var> SOURCES <src>... [INCLUDES <dir>...]
#                  [LINK_FLAGS <flag>...]):
# lib<name>_skel.so from C sources, built as a user builds a skeleton:
#   clang --target=hexagon -m${HEXAGON_CPU} -fPIC -ffreestanding -nostdlib -c
#   ld.lld -shared --hash-style=sysv -soname lib<name>_skel.so
# Its full path goes in <output var>; the caller's target depends on it.
function(hexagon_skeleton name out_var)
	cmake_parse_arguments(PARSE_ARGV 2 SK "" "" "SOURCES;INCLUDES;LINK_FLAGS")
	set(out ${CMAKE_CURRENT_BINARY_DIR}/lib${name}_skel.so)
	set(objs)
	set(incs)
	foreach(dir IN LISTS SK_INCLUDES)
		list(APPEND incs -I${dir})
	endforeach()
	foreach(src IN LISTS SK_SOURCES)
		get_filename_component(base ${src} NAME)
		set(obj ${CMAKE_CURRENT_BINARY_DIR}/skel-obj/${name}/${base}.o)
		file(MAKE_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/skel-obj/${name})
		add_custom_command(OUTPUT ${obj}
			COMMAND ${HEXAGON_CLANG} --target=hexagon-unknown-linux-musl
				-m${HEXAGON_CPU} -O2 -g -std=c11 -fPIC -ffreestanding -nostdlib
				-Wall -Wextra -Werror ${incs} -MD -MF ${obj}.d
				-c ${CMAKE_CURRENT_SOURCE_DIR}/${src} -o ${obj}
			DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${src}
			DEPFILE ${obj}.d
			COMMENT "Compiling ${src} for Hexagon (skeleton ${name})"
			VERBATIM)
		list(APPEND objs ${obj})
	endforeach()
	add_custom_command(OUTPUT ${out}
		COMMAND ${HEXAGON_LLD} -shared --hash-style=sysv -soname lib${name}_skel.so
			${SK_LINK_FLAGS} -o ${out} ${objs}
		DEPENDS ${objs}
		COMMENT "Linking Hexagon skeleton lib${name}_skel.so"
		VERBATIM)
	set(${out_var} ${out} PARENT_SCOPE)
endfunction()
