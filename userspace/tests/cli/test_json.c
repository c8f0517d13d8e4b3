// SPDX-License-Identifier: GPL-2.0
/* JSON writer: escaping, UTF-8 handling, structure. */
#include <stdlib.h>

#include "cli_test.h"
#include "json.h"

/* json_write_string of n bytes of s, as a malloc'd string */
static char *esc(const char *s, size_t n)
{
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);

	json_write_string(f, s, n);
	fclose(f);
	return buf;
}

#define CHECK_ESC(in, n, want) do {		\
	char *_g = esc(in, n);			\
	CHECK_STR(_g, want);			\
	free(_g);				\
} while (0)

static void t_escape(void)
{
	CHECK_ESC("abc", 3, "\"abc\"");
	CHECK_ESC("a\"b\\c", 5, "\"a\\\"b\\\\c\"");
	CHECK_ESC("\n\r\t\b\f", 5, "\"\\n\\r\\t\\b\\f\"");
	CHECK_ESC("\x01\x1f", 2, "\"\\u0001\\u001f\"");
	CHECK_ESC("a\0b", 3, "\"a\\u0000b\"");
	CHECK_ESC("/\x7f", 2, "\"/\x7f\"");
}

static void t_utf8(void)
{
	CHECK_ESC("\xc3\xa9", 2, "\"\xc3\xa9\"");		/* é */
	CHECK_ESC("\xe2\x82\xac", 3, "\"\xe2\x82\xac\"");	/* € */
	CHECK_ESC("\xf0\x9f\x98\x80", 4, "\"\xf0\x9f\x98\x80\"");
	CHECK_ESC("\xff", 1, "\"\\ufffd\"");
	CHECK_ESC("\xc3", 1, "\"\\ufffd\"");			/* truncated */
	CHECK_ESC("\xc0\xaf", 2, "\"\\ufffd\\ufffd\"");		/* overlong */
	CHECK_ESC("\xed\xa0\x80", 3, "\"\\ufffd\\ufffd\\ufffd\"");	/* surrogate */
	CHECK_ESC("\xf4\x90\x80\x80", 4, "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
	CHECK_EQ(utf8_seq_len((const unsigned char *)"\xe2\x82", 2), 0);
	CHECK_EQ(utf8_seq_len((const unsigned char *)"A", 1), 1);
}

static void t_structure(void)
{
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);
	struct json j;
	uint8_t hex[] = { 0xc8, 0x02, 0x00 };

	json_init(&j, f);
	json_arr_open(&j);
	json_obj_open(&j);
	json_kv_u64(&j, "a", UINT64_MAX);
	json_kv_str(&j, "b\"", "x");
	json_kv_bool(&j, "c", true);
	json_kv_null(&j, "d");
	json_key(&j, "e");
	json_obj_open(&j);
	json_obj_close(&j);
	json_key(&j, "f");
	json_hex(&j, hex, 3);
	json_key(&j, "g");
	json_arr_open(&j);
	json_u64(&j, 1);
	json_u64(&j, 2);
	json_arr_close(&j);
	json_obj_close(&j);
	json_obj_open(&j);
	json_obj_close(&j);
	json_arr_close(&j);
	fclose(f);
	CHECK_STR(buf, "[{\"a\":18446744073709551615,\"b\\\"\":\"x\",\"c\":true,"
		       "\"d\":null,\"e\":{},\"f\":\"c80200\",\"g\":[1,2]},{}]");
	free(buf);
}

const struct test_case json_tests[] = {
	T(t_escape), T(t_utf8), T(t_structure), T_END
};
