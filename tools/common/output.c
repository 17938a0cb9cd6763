/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The output layer: one call per field prints text or adds to a JSON
 * document (json-c), so the commands never ask which.
 */
#include <errno.h>
#include <json-c/json.h>

#include "tools-common.h"

#define MAX_DEPTH 16

static struct {
	FILE *stream;
	bool json;
	int depth;
	json_object *stack[MAX_DEPTH];	/* stack[0] is the document */
} out;

void output_init(FILE *stream, bool json)
{
	out.stream = stream;
	out.json = json;
	out.depth = 0;
	if (json)
		out.stack[out.depth++] = json_object_new_object();
}

/* Add @value under @key to the innermost object or array; takes @value. */
static void add(const char *key, json_object *value)
{
	json_object *parent = out.stack[out.depth - 1];

	if (json_object_is_type(parent, json_type_array))
		json_object_array_add(parent, value);
	else
		json_object_object_add(parent, key, value);
}

static void open_container(const char *key, json_object *container)
{
	/* Too deep, or no key: a bug in the caller, caught at once. */
	if (out.depth == MAX_DEPTH || !key)
		die(EXIT_FAIL, NULL, "output: bad nesting of JSON objects");
	add(key, container);
	out.stack[out.depth++] = container;
}

static void close_container(void)
{
	if (out.json && out.depth > 1)
		out.depth--;
}

void print_open_object(const char *key)
{
	if (out.json)
		open_container(key, json_object_new_object());
}

void print_close_object(void)
{
	close_container();
}

void print_open_array(const char *key)
{
	if (out.json)
		open_container(key, json_object_new_array());
}

void print_close_array(void)
{
	close_container();
}

void print_uint(const char *key, const char *fmt, uint64_t value)
{
	if (out.json && key)
		add(key, json_object_new_uint64(value));
	else if (!out.json && fmt)
		fprintf(out.stream, fmt, value);
}

void print_int(const char *key, const char *fmt, int64_t value)
{
	if (out.json && key)
		add(key, json_object_new_int64(value));
	else if (!out.json && fmt)
		fprintf(out.stream, fmt, value);
}

void print_string(const char *key, const char *fmt, const char *value)
{
	if (out.json && key)
		add(key, json_object_new_string(value));
	else if (!out.json && fmt)
		fprintf(out.stream, fmt, value);
}

void print_double(const char *key, const char *fmt, double value)
{
	if (out.json && key)
		add(key, json_object_new_double(value));
	else if (!out.json && fmt)
		fprintf(out.stream, fmt, value);
}

void print_null(const char *key, const char *fmt)
{
	if (out.json && key)
		add(key, NULL);
	else if (!out.json && fmt)
		fputs(fmt, out.stream);
}

void print_bool(const char *key, const char *fmt, bool value)
{
	if (out.json && key)
		add(key, json_object_new_boolean(value));
	else if (!out.json && fmt)
		fprintf(out.stream, fmt, value ? "yes" : "no");
}

int output_finish(void)
{
	if (out.json) {
		fprintf(out.stream, "%s\n",
			json_object_to_json_string_ext(out.stack[0],
						       JSON_C_TO_STRING_PLAIN |
						       JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(out.stack[0]);
		out.depth = 0;
		out.json = false;
	}
	if (fflush(out.stream) || ferror(out.stream))
		return -EIO;
	return 0;
}
