// SPDX-License-Identifier: GPL-2.0
/*
 * IKE identities in the configuration (conf.h: conf_id_parse and
 * conf_id_match): "fqdn:", "email:", "ip:", "dn:" (strongSwan's syntax,
 * built as DER) and "keyid:" - a syntax of its own, used by local-id and
 * remote-id (conf_conn.c) and matched against received ID payloads.
 */
#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/x509.h>

#include "conf.h"
#include "parse.h"

static int id_err(char *err, size_t errlen, const char *fmt, const char *arg)
{
	if (errlen)
		snprintf(err, errlen, fmt, arg);
	return -1;
}

static bool id_printable(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || *s == 0x7f)
			return false;
	return true;
}

/* One "KEY=VALUE" RDN (trimmed in place) added to name. */
static int dn_add_rdn(X509_NAME *name, char *rdn, char *err, size_t errlen)
{
	char *eq = strchr(rdn, '='), *key = rdn, *val, *e;

	while (isspace((unsigned char)*key))
		key++;
	if (!eq)
		return id_err(err, errlen, "dn: '%s' is not KEY=VALUE", key);
	*eq = '\0';
	val = eq + 1;
	for (e = eq; e > key && isspace((unsigned char)e[-1]); e--)
		e[-1] = '\0';
	while (isspace((unsigned char)*val))
		val++;
	for (e = val + strlen(val); e > val && isspace((unsigned char)e[-1]); e--)
		e[-1] = '\0';
	if (!*key || !*val)
		return id_err(err, errlen, "dn: empty attribute or value near '%s'", key);
	if (!strcasecmp(key, "E") || !strcasecmp(key, "email"))
		key = "emailAddress";
	if (OBJ_txt2nid(key) == NID_undef) {
		ERR_clear_error();
		return id_err(err, errlen, "dn: unknown attribute '%s'", key);
	}
	if (!X509_NAME_add_entry_by_txt(name, key, MBSTRING_UTF8, (const unsigned char *)val,
					-1, -1, 0)) {
		ERR_clear_error();
		return id_err(err, errlen, "dn: bad value for %s", key);
	}
	return 0;
}

/* strongSwan's DN syntax: "C=CH, O=x, CN=y" -> DER. */
static int dn_parse(const char *s, struct conf_id *id, char *err, size_t errlen)
{
	X509_NAME *name = X509_NAME_new();
	char *copy = strdup(s), *save = NULL, *rdn;
	unsigned char *der = NULL;
	int len, rc = -1;

	if (!name || !copy) {
		id_err(err, errlen, "dn: %s", "out of memory");
		goto out;
	}
	if (!*s || s[strlen(s) - 1] == ',' || s[0] == ',' || strstr(s, ",,")) {
		id_err(err, errlen, "dn: '%s': empty RDN", s);
		goto out;
	}
	for (rdn = strtok_r(copy, ",", &save); rdn; rdn = strtok_r(NULL, ",", &save))
		if (dn_add_rdn(name, rdn, err, errlen))
			goto out;
	len = i2d_X509_NAME(name, &der);
	if (len <= 0 || (size_t)len > sizeof(id->data)) {
		ERR_clear_error();
		id_err(err, errlen, "dn: '%s' too long", s);
		goto out;
	}
	memcpy(id->data, der, (size_t)len);
	id->len = (size_t)len;
	id->type = IKE_ID_DER_ASN1_DN;
	rc = 0;
out:
	OPENSSL_free(der);
	X509_NAME_free(name);
	free(copy);
	return rc;
}

static int id_ip(const char *v, struct conf_id *id, char *err, size_t errlen)
{
	struct l2s_err e;
	struct ipaddr a;

	/* lib's message offers IPv6, which is not supported here: our own */
	if (parse_addr("ip", v, &a, &e))
		return id_err(err, errlen, "ip:%s: not an IPv4 address", v);
	if (a.family == AF_INET6)
		return id_err(err, errlen, "ip:%s: IPv6 not supported yet", v);
	memcpy(id->data, &a.v4, 4);
	id->type = IKE_ID_IPV4_ADDR;
	id->len = 4;
	return 0;
}

static int id_raw(uint8_t type, const char *v, struct conf_id *id, char *err, size_t errlen)
{
	size_t n = strlen(v);

	if (!id_printable(v))
		return id_err(err, errlen, "'%s': empty or contains spaces/control characters", v);
	if (n > 255)
		return id_err(err, errlen, "'%.40s...': longer than 255 bytes", v);
	memcpy(id->data, v, n);
	id->len = n;
	id->type = type;
	return 0;
}

int conf_id_parse(const char *s, struct conf_id *id, char *err, size_t errlen)
{
	const char *v = strchr(s, ':');

	memset(id, 0, sizeof(*id));
	if (strlen(s) >= sizeof(id->text))
		return id_err(err, errlen, "'%.40s...': too long", s);
	snprintf(id->text, sizeof(id->text), "%s", s);
	if (!v)
		goto bad_type;
	v++;
	if (!strncmp(s, "fqdn:", 5))
		return id_raw(IKE_ID_FQDN, v, id, err, errlen);
	if (!strncmp(s, "email:", 6))
		return id_raw(IKE_ID_RFC822_ADDR, v, id, err, errlen);
	if (!strncmp(s, "ip:", 3))
		return id_ip(v, id, err, errlen);
	if (!strncmp(s, "dn:", 3))
		return dn_parse(v, id, err, errlen);
	if (!strncmp(s, "keyid:", 6)) {
		struct l2s_err e;
		char what[sizeof(id->text) + 8];

		/* "keyid:abc: odd number of hex digits (3)" */
		snprintf(what, sizeof(what), "keyid:%s", v);
		if (parse_hex(what, v[0] == '#' ? v + 1 : v, id->data, sizeof(id->data), &id->len,
			      &e))
			return id_err(err, errlen, "%s", e.msg);
		id->type = IKE_ID_KEY_ID;
		return 0;
	}
bad_type:
	memset(id, 0, sizeof(*id));
	return id_err(err, errlen,
		      "'%s': unknown identity type (write fqdn:, email:, ip:, dn: or keyid:)", s);
}

static bool dn_equal(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	const unsigned char *pa = a, *pb = b;
	X509_NAME *na, *nb;
	bool eq = false;

	if (alen > LONG_MAX || blen > LONG_MAX)
		return false;
	na = d2i_X509_NAME(NULL, &pa, (long)alen);
	nb = d2i_X509_NAME(NULL, &pb, (long)blen);
	if (na && nb && pa == a + alen && pb == b + blen)
		eq = X509_NAME_cmp(na, nb) == 0;
	X509_NAME_free(na);
	X509_NAME_free(nb);
	ERR_clear_error();
	return eq;
}

bool conf_id_match(const struct conf_id *want, uint8_t type, const uint8_t *data, size_t len)
{
	if (!want->type)
		return true;
	if (want->type != type)
		return false;
	switch (type) {
	case IKE_ID_FQDN:
	case IKE_ID_RFC822_ADDR:
		if (len != want->len)
			return false;
		for (size_t i = 0; i < len; i++)
			if (tolower(data[i]) != tolower(want->data[i]))
				return false;
		return true;
	case IKE_ID_DER_ASN1_DN:
		return dn_equal(want->data, want->len, data, len);
	default:
		return len == want->len && !memcmp(data, want->data, len);
	}
}

