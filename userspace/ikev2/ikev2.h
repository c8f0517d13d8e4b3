/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IKEv2 protocol numbers (RFC 7296 and the IANA "IKEv2 Parameters"
 * registry) and the proposal structures shared by the message codec
 * (ikev2_msg.c), the configuration (conf.c) and the negotiation.
 */
#ifndef L2TPSEC_IKEV2_H
#define L2TPSEC_IKEV2_H

#include <stdbool.h>
#include <stdint.h>

#define IKE_PORT		500
#define IKE_NATT_PORT		4500
#define IKE_HDR_LEN		28
#define IKE_VERSION		0x20	/* major 2, minor 0 */
#define IKE_SPI_LEN		8
#define IKE_MSG_MAX		65535	/* largest message built or accepted */
#define IKE_NONCE_MIN		16
#define IKE_NONCE_MAX		256
#define IKE_NONCE_LEN		32	/* what we send */

/* Exchange types */
enum {
	IKE_SA_INIT = 34,
	IKE_AUTH = 35,
	IKE_CREATE_CHILD_SA = 36,
	IKE_INFORMATIONAL = 37,
};

/* Header flags */
#define IKE_FLAG_INITIATOR	0x08
#define IKE_FLAG_VERSION	0x10
#define IKE_FLAG_RESPONSE	0x20

/* Payload types */
enum {
	IKE_PL_NONE = 0,
	IKE_PL_SA = 33,
	IKE_PL_KE = 34,
	IKE_PL_IDI = 35,
	IKE_PL_IDR = 36,
	IKE_PL_CERT = 37,
	IKE_PL_CERTREQ = 38,
	IKE_PL_AUTH = 39,
	IKE_PL_NONCE = 40,
	IKE_PL_NOTIFY = 41,
	IKE_PL_DELETE = 42,
	IKE_PL_VENDOR = 43,
	IKE_PL_TSI = 44,
	IKE_PL_TSR = 45,
	IKE_PL_SK = 46,
	IKE_PL_CP = 47,
	IKE_PL_EAP = 48,
	IKE_PL_SKF = 53,	/* RFC 7383 encrypted fragment */
};

/* Security protocol ids (proposals, notify, delete) */
enum {
	IKE_PROTO_IKE = 1,
	IKE_PROTO_AH = 2,
	IKE_PROTO_ESP = 3,
};

/* Transform types */
enum {
	IKE_TRANS_ENCR = 1,
	IKE_TRANS_PRF = 2,
	IKE_TRANS_INTEG = 3,
	IKE_TRANS_DH = 4,
	IKE_TRANS_ESN = 5,
};
#define IKE_TRANS_TYPE_MAX	5

/* ENCR transform ids */
enum {
	IKE_ENCR_3DES = 3,		/* IKEv1 conns with weak yes only; 192-bit key */
	IKE_ENCR_AES_CBC = 12,
	IKE_ENCR_AES_GCM_16 = 20,
	IKE_ENCR_CHACHA20_POLY1305 = 28,
};

/* PRF transform ids */
enum {
	IKE_PRF_HMAC_SHA1 = 2,
	IKE_PRF_HMAC_SHA2_256 = 5,
	IKE_PRF_HMAC_SHA2_384 = 6,
	IKE_PRF_HMAC_SHA2_512 = 7,
};

/* INTEG transform ids */
enum {
	IKE_INTEG_NONE = 0,
	IKE_INTEG_HMAC_SHA1_96 = 2,
	IKE_INTEG_HMAC_SHA2_256_128 = 12,
	IKE_INTEG_HMAC_SHA2_384_192 = 13,
	IKE_INTEG_HMAC_SHA2_512_256 = 14,
	/* private use: strongSwan's number for the pre-RFC 4868 96-bit truncation
	 * (ESP of IKEv1 conns with weak yes only; never sent in IKEv2) */
	IKE_INTEG_HMAC_SHA2_256_96 = 1026,
};

/* DH groups (transform type 4) */
enum {
	IKE_DH_NONE = 0,
	IKE_DH_MODP_1024 = 2,		/* RFC 2409 6.2; IKEv1 conns with weak yes only */
	IKE_DH_MODP_1536 = 5,		/* RFC 3526 2; IKEv1 conns with weak yes only */
	IKE_DH_MODP_2048 = 14,
	IKE_DH_MODP_3072 = 15,
	IKE_DH_ECP_256 = 19,
	IKE_DH_ECP_384 = 20,
	IKE_DH_ECP_521 = 21,
	IKE_DH_CURVE25519 = 31,
};

/* ESN transform ids */
enum {
	IKE_ESN_NO = 0,
	IKE_ESN_YES = 1,
};

/* Transform attribute */
#define IKE_ATTR_KEY_LENGTH	14	/* TV format: 0x800e */
#define IKE_ATTR_TV		0x8000

/* ID types */
enum {
	IKE_ID_IPV4_ADDR = 1,
	IKE_ID_FQDN = 2,
	IKE_ID_RFC822_ADDR = 3,
	IKE_ID_IPV6_ADDR = 5,
	IKE_ID_DER_ASN1_DN = 9,
	IKE_ID_KEY_ID = 11,
};

/* AUTH methods */
enum {
	IKE_AUTH_RSA_SIG = 1,
	IKE_AUTH_PSK = 2,
	IKE_AUTH_ECDSA_256 = 9,
	IKE_AUTH_ECDSA_384 = 10,
	IKE_AUTH_ECDSA_521 = 11,
	IKE_AUTH_DIGITAL_SIG = 14,	/* RFC 7427 */
};

/* CERT encodings */
enum {
	IKE_CERT_X509_SIG = 4,
};

/* Traffic selector types */
enum {
	IKE_TS_IPV4_ADDR_RANGE = 7,
	IKE_TS_IPV6_ADDR_RANGE = 8,
};

/* Notify message types: errors (< 16384) */
enum {
	IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD = 1,
	IKE_N_INVALID_IKE_SPI = 4,
	IKE_N_INVALID_MAJOR_VERSION = 5,
	IKE_N_INVALID_SYNTAX = 7,
	IKE_N_INVALID_MESSAGE_ID = 9,
	IKE_N_INVALID_SPI = 11,
	IKE_N_NO_PROPOSAL_CHOSEN = 14,
	IKE_N_INVALID_KE_PAYLOAD = 17,
	IKE_N_AUTHENTICATION_FAILED = 24,
	IKE_N_SINGLE_PAIR_REQUIRED = 34,
	IKE_N_NO_ADDITIONAL_SAS = 35,
	IKE_N_INTERNAL_ADDRESS_FAILURE = 36,
	IKE_N_FAILED_CP_REQUIRED = 37,
	IKE_N_TS_UNACCEPTABLE = 38,
	IKE_N_INVALID_SELECTORS = 39,
	IKE_N_TEMPORARY_FAILURE = 43,
	IKE_N_CHILD_SA_NOT_FOUND = 44,
};
#define IKE_N_ERROR_MAX		16383

/* Notify message types: status */
enum {
	IKE_N_INITIAL_CONTACT = 16384,
	IKE_N_SET_WINDOW_SIZE = 16385,
	IKE_N_ADDITIONAL_TS_POSSIBLE = 16386,
	IKE_N_IPCOMP_SUPPORTED = 16387,
	IKE_N_NAT_DETECTION_SOURCE_IP = 16388,
	IKE_N_NAT_DETECTION_DESTINATION_IP = 16389,
	IKE_N_COOKIE = 16390,
	IKE_N_USE_TRANSPORT_MODE = 16391,
	IKE_N_HTTP_CERT_LOOKUP_SUPPORTED = 16392,
	IKE_N_REKEY_SA = 16393,
	IKE_N_ESP_TFC_PADDING_NOT_SUPPORTED = 16394,
	IKE_N_NON_FIRST_FRAGMENTS_ALSO = 16395,
	IKE_N_MOBIKE_SUPPORTED = 16396,
	IKE_N_MULTIPLE_AUTH_SUPPORTED = 16404,
	IKE_N_REDIRECT_SUPPORTED = 16406,
	IKE_N_EAP_ONLY_AUTHENTICATION = 16417,
	IKE_N_IKEV2_FRAGMENTATION_SUPPORTED = 16430,
	IKE_N_SIGNATURE_HASH_ALGORITHMS = 16431,
};

/* RFC 7427 hash algorithm ids (SIGNATURE_HASH_ALGORITHMS) */
enum {
	IKE_HASH_SHA1 = 1,
	IKE_HASH_SHA2_256 = 2,
	IKE_HASH_SHA2_384 = 3,
	IKE_HASH_SHA2_512 = 4,
};

/*
 * A proposal as carried in an SA payload, and as configured: one entry
 * per transform. For a configured proposal, each transform of a type is
 * an alternative (as on the wire).
 */
#define IKE_MAX_PROPOSALS	16
#define IKE_MAX_TRANSFORMS	32

struct ike_transform {
	uint8_t type;		/* IKE_TRANS_* */
	uint16_t id;
	uint16_t key_bits;	/* KEY_LENGTH attribute; 0 = absent */
};

struct ike_proposal {
	uint8_t num;		/* 1-based, as on the wire */
	uint8_t proto;		/* IKE_PROTO_IKE or IKE_PROTO_ESP */
	uint8_t spi_len;	/* 0, 4 (ESP) or 8 (IKE rekey) */
	uint8_t spi[8];
	unsigned int nt;
	struct ike_transform t[IKE_MAX_TRANSFORMS];
};

/*
 * What was chosen: one transform per type (id 0 = none of that type;
 * for ESN, esn_set tells whether the type was present).
 */
struct ike_chosen {
	uint8_t proto;
	uint8_t num;		/* number of the accepted proposal */
	uint8_t spi_len;
	uint8_t spi[8];		/* the proposer's SPI */
	uint16_t encr, encr_bits, prf, integ, dh;
	bool esn;
};

#endif
