/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IKEv1 protocol constants: ISAKMP (RFC 2408), the IPsec DOI (RFC 2407),
 * IKE (RFC 2409), NAT-T (RFC 3947 and the drafts the built-in clients still
 * speak), DPD (RFC 3706). Values are as on the wire; names follow the RFCs.
 */
#ifndef L2TPSEC_IKEV1_H
#define L2TPSEC_IKEV1_H

#define IKEV1_VERSION		0x10	/* major 1, minor 0 */
#define IKEV1_HDR_LEN		28
#define IKEV1_COOKIE_LEN	8

/* Header flags (RFC 2408 3.1). */
#define IKEV1_FLAG_ENCRYPTION	0x01
#define IKEV1_FLAG_COMMIT	0x02
#define IKEV1_FLAG_AUTH_ONLY	0x04

/* Exchange types (RFC 2408 3.1, RFC 2409 section 5.5, 9). */
enum {
	IKEV1_EXCH_BASE = 1,
	IKEV1_EXCH_ID_PROT = 2,		/* Main Mode */
	IKEV1_EXCH_AUTH_ONLY = 3,
	IKEV1_EXCH_AGGRESSIVE = 4,
	IKEV1_EXCH_INFORMATIONAL = 5,
	IKEV1_EXCH_TRANSACTION = 6,	/* Mode Config (draft), never accepted here */
	IKEV1_EXCH_QUICK = 32,
	IKEV1_EXCH_NEW_GROUP = 33,
};

/* Payload types (RFC 2408 3.1, RFC 3947 3.2/4.2, the NAT-T drafts). */
enum {
	IKEV1_PL_NONE = 0,
	IKEV1_PL_SA = 1,
	IKEV1_PL_P = 2,		/* proposal: only inside SA */
	IKEV1_PL_T = 3,		/* transform: only inside a proposal */
	IKEV1_PL_KE = 4,
	IKEV1_PL_ID = 5,
	IKEV1_PL_CERT = 6,
	IKEV1_PL_CR = 7,
	IKEV1_PL_HASH = 8,
	IKEV1_PL_SIG = 9,
	IKEV1_PL_NONCE = 10,
	IKEV1_PL_N = 11,
	IKEV1_PL_D = 12,
	IKEV1_PL_VID = 13,
	IKEV1_PL_NAT_D = 20,
	IKEV1_PL_NAT_OA = 21,
	IKEV1_PL_NAT_D_DRAFT = 130,	/* draft-ietf-ipsec-nat-t-ike-02/03 */
	IKEV1_PL_NAT_OA_DRAFT = 131,
};

/* Domain of interpretation and situation (RFC 2407 4.2). */
#define IKEV1_DOI_IPSEC			1
#define IKEV1_SIT_IDENTITY_ONLY		0x01
#define IKEV1_SIT_SECRECY		0x02
#define IKEV1_SIT_INTEGRITY		0x04

/* Protocol IDs (RFC 2407 4.4.1). */
enum {
	IKEV1_PROTO_ISAKMP = 1,
	IKEV1_PROTO_IPSEC_AH = 2,
	IKEV1_PROTO_IPSEC_ESP = 3,
	IKEV1_PROTO_IPCOMP = 4,
};

/* Transform IDs: ISAKMP (4.4.2), ESP (4.4.4, RFC 3602, RFC 4106), AH (4.4.3, RFC 4868). */
#define IKEV1_KEY_IKE			1
enum {
	IKEV1_ESP_DES = 2,
	IKEV1_ESP_3DES = 3,
	IKEV1_ESP_NULL = 11,
	IKEV1_ESP_AES = 12,
	IKEV1_ESP_AES_CTR = 13,
	IKEV1_ESP_AES_GCM_8 = 18,
	IKEV1_ESP_AES_GCM_12 = 19,
	IKEV1_ESP_AES_GCM_16 = 20,
};
enum {
	IKEV1_AH_MD5 = 2,
	IKEV1_AH_SHA = 3,
	IKEV1_AH_SHA2_256 = 5,
	IKEV1_AH_SHA2_384 = 6,
	IKEV1_AH_SHA2_512 = 7,
};

/* Data attributes: the AF bit of the type (RFC 2408 3.3) marks TV form. */
#define IKEV1_ATTR_AF			0x8000

/* Phase 1 (ISAKMP SA) attribute classes (RFC 2409 appendix A). */
enum {
	IKEV1_A_ENCR = 1,
	IKEV1_A_HASH = 2,
	IKEV1_A_AUTH = 3,
	IKEV1_A_GROUP_DESC = 4,
	IKEV1_A_GROUP_TYPE = 5,
	IKEV1_A_GROUP_PRIME = 6,
	IKEV1_A_GROUP_GEN_ONE = 7,
	IKEV1_A_GROUP_GEN_TWO = 8,
	IKEV1_A_GROUP_CURVE_A = 9,
	IKEV1_A_GROUP_CURVE_B = 10,
	IKEV1_A_LIFE_TYPE = 11,
	IKEV1_A_LIFE_DURATION = 12,
	IKEV1_A_PRF = 13,
	IKEV1_A_KEY_LENGTH = 14,
	IKEV1_A_FIELD_SIZE = 15,
	IKEV1_A_GROUP_ORDER = 16,
};
/* IKEV1_A_ENCR values (RFC 2409, RFC 3602 for AES). */
enum {
	IKEV1_ENCR_DES = 1,
	IKEV1_ENCR_IDEA = 2,
	IKEV1_ENCR_BLOWFISH = 3,
	IKEV1_ENCR_RC5 = 4,
	IKEV1_ENCR_3DES = 5,
	IKEV1_ENCR_CAST = 6,
	IKEV1_ENCR_AES = 7,
};
/* IKEV1_A_HASH values (RFC 2409, RFC 4868 for SHA2). */
enum {
	IKEV1_HASH_MD5 = 1,
	IKEV1_HASH_SHA1 = 2,
	IKEV1_HASH_TIGER = 3,
	IKEV1_HASH_SHA2_256 = 4,
	IKEV1_HASH_SHA2_384 = 5,
	IKEV1_HASH_SHA2_512 = 6,
};
/* IKEV1_A_AUTH values (RFC 2409; XAUTH variants of the draft). */
enum {
	IKEV1_AUTH_PSK = 1,
	IKEV1_AUTH_DSS = 2,
	IKEV1_AUTH_RSA_SIG = 3,
	IKEV1_AUTH_RSA_ENC = 4,
	IKEV1_AUTH_RSA_ENC_REV = 5,
	IKEV1_AUTH_ECDSA_256 = 9,	/* RFC 4754 */
	IKEV1_AUTH_ECDSA_384 = 10,
	IKEV1_AUTH_ECDSA_521 = 11,
	IKEV1_AUTH_XAUTH_INIT_PSK = 65001,
	IKEV1_AUTH_XAUTH_RESP_PSK = 65002,
	IKEV1_AUTH_XAUTH_INIT_RSA = 65005,
	IKEV1_AUTH_XAUTH_RESP_RSA = 65006,
};
/* Life types, phase 1 and phase 2 alike. */
#define IKEV1_LIFE_SECONDS		1
#define IKEV1_LIFE_KILOBYTES		2

/* Phase 2 (IPsec SA) attribute classes (RFC 2407 4.5). */
enum {
	IKEV1_A2_LIFE_TYPE = 1,
	IKEV1_A2_LIFE_DURATION = 2,
	IKEV1_A2_GROUP_DESC = 3,
	IKEV1_A2_ENCAP_MODE = 4,
	IKEV1_A2_AUTH_ALG = 5,
	IKEV1_A2_KEY_LENGTH = 6,
	IKEV1_A2_KEY_ROUNDS = 7,
	IKEV1_A2_COMP_DICT_SIZE = 8,
	IKEV1_A2_COMP_PRIV_ALG = 9,
};
/* Encapsulation modes (RFC 2407, RFC 3947 5.1, the drafts' private-use values). */
enum {
	IKEV1_ENCAP_TUNNEL = 1,
	IKEV1_ENCAP_TRANSPORT = 2,
	IKEV1_ENCAP_UDP_TUNNEL = 3,
	IKEV1_ENCAP_UDP_TRANSPORT = 4,
	IKEV1_ENCAP_UDP_TUNNEL_DRAFT = 61443,
	IKEV1_ENCAP_UDP_TRANSPORT_DRAFT = 61444,
};
/* Phase 2 authentication algorithms (RFC 2407 4.5, RFC 4868). */
enum {
	IKEV1_AUTH_ALG_HMAC_MD5 = 1,
	IKEV1_AUTH_ALG_HMAC_SHA = 2,
	IKEV1_AUTH_ALG_DES_MAC = 3,
	IKEV1_AUTH_ALG_KPDK = 4,
	IKEV1_AUTH_ALG_HMAC_SHA2_256 = 5,
	IKEV1_AUTH_ALG_HMAC_SHA2_384 = 6,
	IKEV1_AUTH_ALG_HMAC_SHA2_512 = 7,
};

/* Identification types (RFC 2407 4.6.2.1). */
enum {
	IKEV1_ID_IPV4_ADDR = 1,
	IKEV1_ID_FQDN = 2,
	IKEV1_ID_USER_FQDN = 3,
	IKEV1_ID_IPV4_ADDR_SUBNET = 4,
	IKEV1_ID_IPV6_ADDR = 5,
	IKEV1_ID_IPV6_ADDR_SUBNET = 6,
	IKEV1_ID_IPV4_ADDR_RANGE = 7,
	IKEV1_ID_IPV6_ADDR_RANGE = 8,
	IKEV1_ID_DER_ASN1_DN = 9,
	IKEV1_ID_DER_ASN1_GN = 10,
	IKEV1_ID_KEY_ID = 11,
};

/* Certificate encodings (RFC 2408 3.9). */
enum {
	IKEV1_CERT_PKCS7 = 1,
	IKEV1_CERT_PGP = 2,
	IKEV1_CERT_DNS_KEY = 3,
	IKEV1_CERT_X509_SIG = 4,
	IKEV1_CERT_X509_KE = 5,
	IKEV1_CERT_KERBEROS = 6,
	IKEV1_CERT_CRL = 7,
	IKEV1_CERT_ARL = 8,
	IKEV1_CERT_SPKI = 9,
	IKEV1_CERT_X509_ATTR = 10,
};

/* Notify message types (RFC 2408 3.14.1, RFC 2407 4.6.3, RFC 3706). */
enum {
	IKEV1_N_INVALID_PAYLOAD_TYPE = 1,
	IKEV1_N_DOI_NOT_SUPPORTED = 2,
	IKEV1_N_SITUATION_NOT_SUPPORTED = 3,
	IKEV1_N_INVALID_COOKIE = 4,
	IKEV1_N_INVALID_MAJOR_VERSION = 5,
	IKEV1_N_INVALID_MINOR_VERSION = 6,
	IKEV1_N_INVALID_EXCHANGE_TYPE = 7,
	IKEV1_N_INVALID_FLAGS = 8,
	IKEV1_N_INVALID_MESSAGE_ID = 9,
	IKEV1_N_INVALID_PROTOCOL_ID = 10,
	IKEV1_N_INVALID_SPI = 11,
	IKEV1_N_INVALID_TRANSFORM_ID = 12,
	IKEV1_N_ATTRIBUTES_NOT_SUPPORTED = 13,
	IKEV1_N_NO_PROPOSAL_CHOSEN = 14,
	IKEV1_N_BAD_PROPOSAL_SYNTAX = 15,
	IKEV1_N_PAYLOAD_MALFORMED = 16,
	IKEV1_N_INVALID_KEY_INFORMATION = 17,
	IKEV1_N_INVALID_ID_INFORMATION = 18,
	IKEV1_N_INVALID_CERT_ENCODING = 19,
	IKEV1_N_INVALID_CERTIFICATE = 20,
	IKEV1_N_CERT_TYPE_UNSUPPORTED = 21,
	IKEV1_N_INVALID_CERT_AUTHORITY = 22,
	IKEV1_N_INVALID_HASH_INFORMATION = 23,
	IKEV1_N_AUTHENTICATION_FAILED = 24,
	IKEV1_N_INVALID_SIGNATURE = 25,
	IKEV1_N_ADDRESS_NOTIFICATION = 26,
	IKEV1_N_NOTIFY_SA_LIFETIME = 27,
	IKEV1_N_CERTIFICATE_UNAVAILABLE = 28,
	IKEV1_N_UNSUPPORTED_EXCHANGE_TYPE = 29,
	IKEV1_N_UNEQUAL_PAYLOAD_LENGTHS = 30,
	IKEV1_N_CONNECTED = 16384,
	IKEV1_N_RESPONDER_LIFETIME = 24576,
	IKEV1_N_REPLAY_STATUS = 24577,
	IKEV1_N_INITIAL_CONTACT = 24578,
	IKEV1_N_R_U_THERE = 36136,
	IKEV1_N_R_U_THERE_ACK = 36137,
};

/* Limits. */
#define IKEV1_NONCE_MIN		8	/* RFC 2409 5: 8..256 bytes */
#define IKEV1_NONCE_MAX		256
#define IKEV1_SPI_MAX		16	/* an ISAKMP SPI: both cookies */

/*
 * Vendor IDs (16 bytes each; the MD5 of the string named in the comment
 * unless said otherwise). ikev1_vid_*() in ikev1_msg.h recognise them.
 */
#define IKEV1_VID_LEN		16
/* MD5("RFC 3947") */
#define IKEV1_VID_RFC3947 \
	"\x4a\x13\x1c\x81\x07\x03\x58\x45\x5c\x57\x28\xf2\x0e\x95\x45\x2f"
/* MD5("draft-ietf-ipsec-nat-t-ike-02") */
#define IKEV1_VID_NATT_02 \
	"\xcd\x60\x46\x43\x35\xdf\x21\xf8\x7c\xfd\xb2\xfc\x68\xb6\xa4\x48"
/* MD5("draft-ietf-ipsec-nat-t-ike-02\n"): the typo racoon and Apple send */
#define IKEV1_VID_NATT_02_N \
	"\x90\xcb\x80\x91\x3e\xbb\x69\x6e\x08\x63\x81\xb5\xec\x42\x7b\x1f"
/* MD5("draft-ietf-ipsec-nat-t-ike-03") */
#define IKEV1_VID_NATT_03 \
	"\x7d\x94\x19\xa6\x53\x10\xca\x6f\x2c\x17\x9d\x92\x15\x52\x9d\x56"
/* RFC 3706 section 7.1: DPD version 1.0 (not an MD5 of a string) */
#define IKEV1_VID_DPD \
	"\xaf\xca\xd7\x13\x68\xa1\xf1\xc9\x6b\x86\x96\xfc\x77\x57\x01\x00"
/* MD5("MS NT5 ISAKMPOAKLEY"); Windows appends a 4-byte version (20 bytes in all) */
#define IKEV1_VID_MS_NT5 \
	"\x1e\x2b\x51\x69\x05\x99\x1c\x7d\x7c\x96\xfc\xbf\xb5\x87\xe4\x61"
/* MD5("FRAGMENTATION"); Windows and Apple append 4 bytes of capability flags */
#define IKEV1_VID_FRAGMENTATION \
	"\x40\x48\xb7\xd5\x6e\xbc\xe8\x85\x25\xe7\xde\x7f\x00\xd6\xc2\xd3"
/* MD5("MS-Negotiation Discovery Capable") (Windows) */
#define IKEV1_VID_MS_NDC \
	"\xfb\x1d\xe3\xcd\xf3\x41\xb7\xea\x16\xb7\xe5\xbe\x08\x55\xf1\x20"
/* MD5("IKE CGA version 1") (Windows) */
#define IKEV1_VID_MS_CGA \
	"\xe3\xa5\x96\x6a\x76\x37\x9f\xe7\x07\x22\x82\x31\xe5\xce\x86\x52"
/* MD5("Vid-Initial-Contact") (Windows) */
#define IKEV1_VID_MS_INITIAL_CONTACT \
	"\x26\x24\x4d\x38\xed\xdb\x61\xb3\x17\x2a\x36\xe3\xd0\xcf\xb8\x19"

#endif
