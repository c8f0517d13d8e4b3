// SPDX-License-Identifier: GPL-2.0
/*
 * l2tpsec - ESP (RFC 4303) transport mode, in place and synchronous
 * (in place only in memory the packet owns: see l2tpsec_esp_cow()).
 * (AES-GCM: the AES-NI core when the FPU is usable, see l2tpsec_esp_init().)
 *
 * Every transform is driven through the AEAD API with one layout:
 *
 *   sg[0]  = per-CPU scratch AD: SPI || [seq_hi if ESN] || seq_lo || IV
 *   sg[1..] = the packet from the first byte after the IV to the end of
 *	      the ICV
 *   assoclen = 8 (12 with ESN) + ivlen, iv = a separate copy of the IV
 *
 * This is what the kernel's own ESP hands the inner transforms once the
 * seqiv/echainiv wrappers have run (see seqiv_aead_decrypt()):
 * - rfc4106(gcm(aes)) and rfc7539esp(chacha20,poly1305) authenticate the
 *   first assoclen - 8 bytes (SPI || seq, or SPI || seq_hi || seq_lo:
 *   the AAD of RFC 4106/RFC 7634), skip the last 8 (the IV) and build the
 *   nonce from the salt and req->iv.
 * - authenc(hmac(x),cbc(y)) MACs AD || ciphertext, i.e.
 *   SPI || seq || IV || ciphertext, and puts the ICV after it.
 * - authencesn() takes SPI || seq_hi || seq_lo || IV and MACs
 *   SPI || seq_lo || IV || ciphertext || seq_hi (RFC 4303 section 2.2.1),
 *   using the 4 bytes after the ciphertext (the ICV room) as scratch.
 * CBC writes the last ciphertext block back into req->iv, which is why
 * the IV handed to the request is a copy and not the AD's bytes.
 *
 * The scratch holds the AEAD request, AD, IV and scatterlist for one
 * packet per CPU. Scatterlists may only point at linearly mapped memory
 * (not at vmap'd stacks nor at the vmalloc'd part of the per-CPU area),
 * so the per-CPU area only holds a pointer to a kmalloc'd scratch. It is
 * used with BH disabled and the transforms are synchronous, so nothing
 * else on the CPU can touch it meanwhile.
 */
#include <linux/ip.h>
#include <linux/random.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/percpu.h>
#include <crypto/aead.h>
#include <crypto/authenc.h>
#include <asm/simd.h>
#include <crypto/internal/simd.h>
#include <net/ip.h>

#include "l2tpsec.h"
#include "esp_inplace.h"

#define L2TPSEC_ESP_HDR		sizeof(struct ip_esp_hdr)
#define L2TPSEC_ESP_IV_MAX	16
#define L2TPSEC_ESP_AD_MAX	(12 + L2TPSEC_ESP_IV_MAX)
#define L2TPSEC_ESP_MAX_SG	(1 + 32)
#define L2TPSEC_ESP_KEY_MAX	32

/**
 * struct l2tpsec_esp_scratch - per-CPU memory for one packet
 * @ad: associated data: SPI || [seq_hi] || seq_lo || IV
 * @iv: IV given to the request (the transform may overwrite it)
 * @sg: the AD followed by the packet
 * @req: struct aead_request followed by the transform's request context
 */
struct l2tpsec_esp_scratch {
	u8 ad[L2TPSEC_ESP_AD_MAX];
	u8 iv[L2TPSEC_ESP_IV_MAX];
	struct scatterlist sg[L2TPSEC_ESP_MAX_SG];
	u8 req[] CRYPTO_MINALIGN_ATTR;
};

static bool l2tpsec_crypto_simd = true;
module_param_named(crypto_simd, l2tpsec_crypto_simd, bool, 0644);
MODULE_PARM_DESC(crypto_simd,
		 "SAs created from now on use the AEAD's SIMD core when the CPU has one (default on)");

/**
 * struct l2tpsec_esp_alg - an ESP transform and its crypto API names
 * @desc: what the rest of the module sees
 * @simd: the synchronous SIMD implementation behind the kernel's async
 *	wrapper ("__" + name: CRYPTO_ALG_INTERNAL, only callable while
 *	crypto_simd_usable()), or NULL. When it exists (AES-NI), an SA uses
 *	it and keeps the template instance of @desc.aead as the fallback for
 *	the rare softirq that interrupted a kernel FPU section.
 * @unavail: extack message when @desc.aead is missing (static strings:
 *	6.1 has no formatted extack messages)
 * @unavail_esn: the same for @desc.aead_esn
 */
struct l2tpsec_esp_alg {
	struct l2tpsec_alg_desc desc;
	const char *simd;
	const char *unavail;
	const char *unavail_esn;
};

#define L2TPSEC_GCM		"rfc4106(gcm(aes))"
#define L2TPSEC_GCM_SIMD	"__rfc4106(gcm(aes))"
#define L2TPSEC_CHACHA		"rfc7539esp(chacha20,poly1305)"
#define L2TPSEC_CBC_SHA1	"authenc(hmac(sha1),cbc(aes))"
#define L2TPSEC_CBC_SHA1_ESN	"authencesn(hmac(sha1),cbc(aes))"
#define L2TPSEC_CBC_SHA256	"authenc(hmac(sha256),cbc(aes))"
#define L2TPSEC_CBC_SHA256_ESN	"authencesn(hmac(sha256),cbc(aes))"
#define L2TPSEC_3DES_SHA1	"authenc(hmac(sha1),cbc(des3_ede))"
#define L2TPSEC_3DES_SHA1_ESN	"authencesn(hmac(sha1),cbc(des3_ede))"
#define L2TPSEC_UNAVAIL(aead)	\
	KBUILD_MODNAME ": algorithm " aead " not available in this kernel"

static const struct l2tpsec_esp_alg l2tpsec_algs[L2TPSEC_ALG_MAX + 1] = {
	[L2TPSEC_ALG_AES_GCM_128] = {
		.desc = {
			.id = L2TPSEC_ALG_AES_GCM_128,
			.name = "aes-gcm-128",
			.aead = L2TPSEC_GCM,
			.aead_esn = L2TPSEC_GCM,
			.enc_keylen = 16 + 4,
			.ivlen = 8,
			.icvlen = 16,
			.align = 4,
		},
		.simd = L2TPSEC_GCM_SIMD,
		.unavail = L2TPSEC_UNAVAIL(L2TPSEC_GCM),
		.unavail_esn = L2TPSEC_UNAVAIL(L2TPSEC_GCM),
	},
	[L2TPSEC_ALG_AES_GCM_256] = {
		.desc = {
			.id = L2TPSEC_ALG_AES_GCM_256,
			.name = "aes-gcm-256",
			.aead = L2TPSEC_GCM,
			.aead_esn = L2TPSEC_GCM,
			.enc_keylen = 32 + 4,
			.ivlen = 8,
			.icvlen = 16,
			.align = 4,
		},
		.simd = L2TPSEC_GCM_SIMD,
		.unavail = L2TPSEC_UNAVAIL(L2TPSEC_GCM),
		.unavail_esn = L2TPSEC_UNAVAIL(L2TPSEC_GCM),
	},
	[L2TPSEC_ALG_CHACHA20_POLY1305] = {
		.desc = {
			.id = L2TPSEC_ALG_CHACHA20_POLY1305,
			.name = "chacha20-poly1305",
			.aead = L2TPSEC_CHACHA,
			.aead_esn = L2TPSEC_CHACHA,
			.enc_keylen = 32 + 4,
			.ivlen = 8,
			.icvlen = 16,
			.align = 4,
		},
		.unavail = L2TPSEC_UNAVAIL(L2TPSEC_CHACHA),
		.unavail_esn = L2TPSEC_UNAVAIL(L2TPSEC_CHACHA),
	},
	[L2TPSEC_ALG_AES_CBC_128_HMAC_SHA1] = {
		.desc = {
			.id = L2TPSEC_ALG_AES_CBC_128_HMAC_SHA1,
			.name = "aes-cbc-128-hmac-sha1",
			.aead = L2TPSEC_CBC_SHA1,
			.aead_esn = L2TPSEC_CBC_SHA1_ESN,
			.enc_keylen = 16,
			.auth_keylen = 20,
			.ivlen = 16,
			.icvlen = 12,
			.align = 16,
		},
		.unavail = L2TPSEC_UNAVAIL(L2TPSEC_CBC_SHA1),
		.unavail_esn = L2TPSEC_UNAVAIL(L2TPSEC_CBC_SHA1_ESN),
	},
	[L2TPSEC_ALG_AES_CBC_256_HMAC_SHA1] = {
		.desc = {
			.id = L2TPSEC_ALG_AES_CBC_256_HMAC_SHA1,
			.name = "aes-cbc-256-hmac-sha1",
			.aead = L2TPSEC_CBC_SHA1,
			.aead_esn = L2TPSEC_CBC_SHA1_ESN,
			.enc_keylen = 32,
			.auth_keylen = 20,
			.ivlen = 16,
			.icvlen = 12,
			.align = 16,
		},
		.unavail = L2TPSEC_UNAVAIL(L2TPSEC_CBC_SHA1),
		.unavail_esn = L2TPSEC_UNAVAIL(L2TPSEC_CBC_SHA1_ESN),
	},
	[L2TPSEC_ALG_AES_CBC_128_HMAC_SHA256] = {
		.desc = {
			.id = L2TPSEC_ALG_AES_CBC_128_HMAC_SHA256,
			.name = "aes-cbc-128-hmac-sha256",
			.aead = L2TPSEC_CBC_SHA256,
			.aead_esn = L2TPSEC_CBC_SHA256_ESN,
			.enc_keylen = 16,
			.auth_keylen = 32,
			.ivlen = 16,
			.icvlen = 16,
			.align = 16,
		},
		.unavail = L2TPSEC_UNAVAIL(L2TPSEC_CBC_SHA256),
		.unavail_esn = L2TPSEC_UNAVAIL(L2TPSEC_CBC_SHA256_ESN),
	},
	[L2TPSEC_ALG_AES_CBC_256_HMAC_SHA256] = {
		.desc = {
			.id = L2TPSEC_ALG_AES_CBC_256_HMAC_SHA256,
			.name = "aes-cbc-256-hmac-sha256",
			.aead = L2TPSEC_CBC_SHA256,
			.aead_esn = L2TPSEC_CBC_SHA256_ESN,
			.enc_keylen = 32,
			.auth_keylen = 32,
			.ivlen = 16,
			.icvlen = 16,
			.align = 16,
		},
		.unavail = L2TPSEC_UNAVAIL(L2TPSEC_CBC_SHA256),
		.unavail_esn = L2TPSEC_UNAVAIL(L2TPSEC_CBC_SHA256_ESN),
	},
	[L2TPSEC_ALG_3DES_CBC_HMAC_SHA1] = {
		.desc = {
			.id = L2TPSEC_ALG_3DES_CBC_HMAC_SHA1,
			.name = "3des-cbc-hmac-sha1",
			.aead = L2TPSEC_3DES_SHA1,
			.aead_esn = L2TPSEC_3DES_SHA1_ESN,
			.enc_keylen = 24,
			.auth_keylen = 20,
			.ivlen = 8,
			.icvlen = 12,
			.align = 8,
		},
		.unavail = L2TPSEC_UNAVAIL(L2TPSEC_3DES_SHA1),
		.unavail_esn = L2TPSEC_UNAVAIL(L2TPSEC_3DES_SHA1_ESN),
	},
	/* HMAC-SHA2-256 truncated to 96 bits: the same transform as
	 * AES_CBC_*_HMAC_SHA256, another ICV length (setauthsize).
	 */
	[L2TPSEC_ALG_AES_CBC_128_HMAC_SHA256_96] = {
		.desc = {
			.id = L2TPSEC_ALG_AES_CBC_128_HMAC_SHA256_96,
			.name = "aes-cbc-128-hmac-sha256-96",
			.aead = L2TPSEC_CBC_SHA256,
			.aead_esn = L2TPSEC_CBC_SHA256_ESN,
			.enc_keylen = 16,
			.auth_keylen = 32,
			.ivlen = 16,
			.icvlen = 12,
			.align = 16,
		},
		.unavail = L2TPSEC_UNAVAIL(L2TPSEC_CBC_SHA256),
		.unavail_esn = L2TPSEC_UNAVAIL(L2TPSEC_CBC_SHA256_ESN),
	},
	[L2TPSEC_ALG_AES_CBC_256_HMAC_SHA256_96] = {
		.desc = {
			.id = L2TPSEC_ALG_AES_CBC_256_HMAC_SHA256_96,
			.name = "aes-cbc-256-hmac-sha256-96",
			.aead = L2TPSEC_CBC_SHA256,
			.aead_esn = L2TPSEC_CBC_SHA256_ESN,
			.enc_keylen = 32,
			.auth_keylen = 32,
			.ivlen = 16,
			.icvlen = 12,
			.align = 16,
		},
		.unavail = L2TPSEC_UNAVAIL(L2TPSEC_CBC_SHA256),
		.unavail_esn = L2TPSEC_UNAVAIL(L2TPSEC_CBC_SHA256_ESN),
	},
};

/**
 * l2tpsec_alg_find() - look up an ESP transform
 * @id: &enum l2tpsec_alg
 *
 * Return: the transform's description, or NULL if @id is unknown.
 */
const struct l2tpsec_alg_desc *l2tpsec_alg_find(u8 id)
{
	if (id > L2TPSEC_ALG_MAX || !l2tpsec_algs[id].desc.name)
		return NULL;
	return &l2tpsec_algs[id].desc;
}

static struct l2tpsec_esp_scratch *l2tpsec_esp_scratch(struct l2tpsec_sa *sa)
{
	struct l2tpsec_esp_scratch * __percpu *pcpu = sa->scratch;

	return *this_cpu_ptr(pcpu);
}

static void l2tpsec_esp_free_scratch(struct l2tpsec_sa *sa)
{
	struct l2tpsec_esp_scratch * __percpu *pcpu = sa->scratch;
	int cpu;

	if (!pcpu)
		return;
	for_each_possible_cpu(cpu)
		kfree_sensitive(*per_cpu_ptr(pcpu, cpu));
	free_percpu(pcpu);
	sa->scratch = NULL;
}

static int l2tpsec_esp_alloc_scratch(struct l2tpsec_sa *sa)
{
	struct l2tpsec_esp_scratch * __percpu *pcpu;
	size_t size;
	int cpu;

	size = crypto_aead_reqsize(sa->tfm);
	if (sa->tfm_simd)
		size = max(size, crypto_aead_reqsize(sa->tfm_simd));
	size += sizeof(struct l2tpsec_esp_scratch) + sizeof(struct aead_request);

	pcpu = alloc_percpu_gfp(struct l2tpsec_esp_scratch *, GFP_KERNEL_ACCOUNT);
	if (!pcpu)
		return -ENOMEM;
	sa->scratch = pcpu;

	for_each_possible_cpu(cpu) {
		struct l2tpsec_esp_scratch *s;

		s = kzalloc_node(size, GFP_KERNEL_ACCOUNT, cpu_to_node(cpu));
		if (!s) {
			l2tpsec_esp_free_scratch(sa);
			return -ENOMEM;
		}
		*per_cpu_ptr(pcpu, cpu) = s;
	}
	return 0;
}

static int l2tpsec_esp_setkey(struct l2tpsec_sa *sa, struct crypto_aead *tfm,
			      const struct l2tpsec_sa_config *cfg)
{
	const struct l2tpsec_alg_desc *alg = sa->alg;
	u8 blob[RTA_SPACE(sizeof(struct crypto_authenc_key_param)) +
		2 * L2TPSEC_ESP_KEY_MAX];
	struct crypto_authenc_key_param *param;
	struct rtattr *rta = (struct rtattr *)blob;
	unsigned int len;
	int err;

	if (!alg->auth_keylen)
		return crypto_aead_setkey(tfm, cfg->enc_key, cfg->enc_keylen);

	/* authenc: rtattr {enckeylen} || authkey || enckey */
	if (cfg->enc_keylen > L2TPSEC_ESP_KEY_MAX ||
	    cfg->auth_keylen > L2TPSEC_ESP_KEY_MAX)
		return -EINVAL;

	rta->rta_type = CRYPTO_AUTHENC_KEYA_PARAM;
	rta->rta_len = RTA_LENGTH(sizeof(*param));
	param = RTA_DATA(rta);
	param->enckeylen = cpu_to_be32(cfg->enc_keylen);
	len = RTA_SPACE(sizeof(*param));
	memcpy(blob + len, cfg->auth_key, cfg->auth_keylen);
	len += cfg->auth_keylen;
	memcpy(blob + len, cfg->enc_key, cfg->enc_keylen);
	len += cfg->enc_keylen;

	err = crypto_aead_setkey(tfm, blob, len);
	memzero_explicit(blob, sizeof(blob));
	return err;
}

/* Check the IV size, set the key and ICV length of one transform. */
static int l2tpsec_esp_tfm_setup(struct l2tpsec_sa *sa, struct crypto_aead *tfm,
				 const struct l2tpsec_sa_config *cfg,
				 struct netlink_ext_ack *extack)
{
	if (crypto_aead_ivsize(tfm) != sa->alg->ivlen) {
		NL_SET_ERR_MSG(extack, "crypto transform has an unexpected IV size");
		return -EINVAL;
	}
	if (l2tpsec_esp_setkey(sa, tfm, cfg)) {
		NL_SET_ERR_MSG(extack, "the crypto API rejected the key");
		return -EINVAL;
	}
	if (crypto_aead_setauthsize(tfm, sa->alg->icvlen)) {
		NL_SET_ERR_MSG(extack, "the crypto API rejected the ICV length");
		return -EINVAL;
	}
	return 0;
}

/*
 * The transform for this packet: the SIMD core when the FPU may be used
 * here (not in a softirq that interrupted a kernel FPU section), else the
 * generic one. Called with BH disabled, so the answer holds until the
 * request is done.
 */
static struct crypto_aead *l2tpsec_esp_pick_tfm(const struct l2tpsec_sa *sa)
{
	if (likely(sa->tfm_simd) && likely(crypto_simd_usable()))
		return sa->tfm_simd;
	return sa->tfm;
}

/**
 * l2tpsec_esp_init() - set up the crypto transform of an SA
 * @sa: the SA; @sa->alg and @sa->esn are set
 * @cfg: the configuration carrying the keys
 * @extack: error reporting
 *
 * Allocates a synchronous AEAD transform (and its SIMD core when the CPU
 * has one, see &struct l2tpsec_esp_alg), keys it and allocates the
 * per-CPU scratch memory. Key lengths have been checked by the caller.
 * On failure nothing is left allocated.
 *
 * Return: 0, -ENOENT (or another crypto API error) if the algorithm is
 * not available, -EINVAL if it rejects the key or ICV size, -ENOMEM.
 */
int l2tpsec_esp_init(struct l2tpsec_sa *sa, const struct l2tpsec_sa_config *cfg,
		     struct netlink_ext_ack *extack)
{
	const struct l2tpsec_esp_alg *a = container_of(sa->alg, struct l2tpsec_esp_alg,
						   desc);
	const char *name = sa->esn ? a->desc.aead_esn : a->desc.aead;
	struct crypto_aead *tfm;
	int err;

	/* mask CRYPTO_ALG_ASYNC: only synchronous implementations */
	tfm = crypto_alloc_aead(name, 0, CRYPTO_ALG_ASYNC);
	if (IS_ERR(tfm)) {
		err = PTR_ERR(tfm);
		if (err == -ENOENT) {
			const char *msg = sa->esn ? a->unavail_esn : a->unavail;

			/* NL_SET_ERR_MSG() for a run-time choice */
			do_trace_netlink_extack(msg);
			if (extack)
				extack->_msg = msg;
		} else {
			NL_SET_ERR_MSG(extack, "cannot allocate the crypto transform");
		}
		return err;
	}
	sa->tfm = tfm;
	err = l2tpsec_esp_tfm_setup(sa, tfm, cfg, extack);
	if (err)
		goto err_tfm;

	/*
	 * The SIMD implementation, when the CPU has one: the kernel's
	 * public entry for it is an async wrapper (cryptd when SIMD is not
	 * usable), which would need per-packet request memory; its
	 * internal synchronous core is called directly instead, whenever
	 * crypto_simd_usable() (see l2tpsec_esp_pick_tfm()).
	 */
	if (a->simd && READ_ONCE(l2tpsec_crypto_simd)) {
		tfm = crypto_alloc_aead(a->simd, CRYPTO_ALG_INTERNAL,
					CRYPTO_ALG_INTERNAL | CRYPTO_ALG_ASYNC);
		if (!IS_ERR(tfm)) {
			if (!l2tpsec_esp_tfm_setup(sa, tfm, cfg, NULL))
				sa->tfm_simd = tfm;
			else
				crypto_free_aead(tfm);
		}
	}

	err = l2tpsec_esp_alloc_scratch(sa);
	if (err)
		goto err_tfm;
	return 0;

err_tfm:
	if (sa->tfm_simd)
		crypto_free_aead(sa->tfm_simd);
	sa->tfm_simd = NULL;
	crypto_free_aead(sa->tfm);
	sa->tfm = NULL;
	return err;
}

/**
 * l2tpsec_esp_driver() - the crypto driver an SA's packets normally use
 * @sa: an SA set up by l2tpsec_esp_init()
 *
 * Return: the driver name of the SIMD core if the SA has one, else that
 * of the generic transform (for /proc/crypto and SA dumps).
 */
const char *l2tpsec_esp_driver(const struct l2tpsec_sa *sa)
{
	struct crypto_aead *tfm = sa->tfm_simd ?: sa->tfm;

	return crypto_tfm_alg_driver_name(crypto_aead_tfm(tfm));
}

/**
 * l2tpsec_esp_free() - free what l2tpsec_esp_init() allocated
 * @sa: the SA (its transform may be unallocated)
 *
 * Runs in process context once no CPU can be using the SA.
 */
void l2tpsec_esp_free(struct l2tpsec_sa *sa)
{
	l2tpsec_esp_free_scratch(sa);
	if (sa->tfm_simd) {
		crypto_free_aead(sa->tfm_simd);
		sa->tfm_simd = NULL;
	}
	if (sa->tfm) {
		crypto_free_aead(sa->tfm);
		sa->tfm = NULL;
	}
}

/**
 * l2tpsec_esp_overhead() - bytes ESP adds to a payload
 * @sa: the SA
 * @payload_len: payload length (from the inner UDP header on)
 *
 * Return: ESP header + IV + padding + pad length + next header + ICV.
 */
unsigned int l2tpsec_esp_overhead(const struct l2tpsec_sa *sa,
				  unsigned int payload_len)
{
	const struct l2tpsec_alg_desc *alg = sa->alg;

	return L2TPSEC_ESP_HDR + alg->ivlen +
	       ALIGN(payload_len + 2, alg->align) - payload_len + alg->icvlen;
}

/* Fill @ad with SPI || [seq_hi] || seq_lo || IV; return its length. */
static unsigned int l2tpsec_esp_ad(const struct l2tpsec_sa *sa, u8 *ad,
				   const struct ip_esp_hdr *esph, u64 seq)
{
	unsigned int len = 0;

	memcpy(ad, &esph->spi, sizeof(esph->spi));
	len += sizeof(esph->spi);
	if (sa->esn) {
		put_unaligned_be32(upper_32_bits(seq), ad + len);
		len += sizeof(u32);
	}
	memcpy(ad + len, &esph->seq_no, sizeof(esph->seq_no));
	len += sizeof(esph->seq_no);
	memcpy(ad + len, esph->enc_data, sa->alg->ivlen);
	return len + sa->alg->ivlen;
}

/* Take the next outbound sequence number; false when they ran out.
 * A compare-and-exchange loop, so the counter never goes past the last
 * usable number (an increment could wrap a 64-bit ESN counter to 0).
 */
static bool l2tpsec_esp_next_seq(struct l2tpsec_sa *sa, u64 *seq)
{
	u64 max = sa->esn ? U64_MAX : U32_MAX;
	s64 old = atomic64_read(&sa->seq_out);

	do {
		if ((u64)old >= max)
			return false;
	} while (!atomic64_try_cmpxchg(&sa->seq_out, &old, old + 1));

	*seq = (u64)old + 1;
	return true;
}

/* Make @skb writable with @tailen bytes of tailroom in *@trailer (its
 * last piece) and return the number of scatterlist entries its data needs,
 * at most L2TPSEC_ESP_MAX_SG - 1 (one is for the AD), or -errno.
 *
 * The cipher then runs in place, so every byte it covers must belong to
 * the packet. On receive (@tailen 0) a packet is used where it lies only
 * when l2tpsec_esp_rx_inplace() proves that: linear and not cloned, or
 * page-pool fragments. Anything else, and every packet on transmit
 * (@tailen > 0: the trailer is appended), goes through skb_cow_data(),
 * which copies all fragments into a new linear area (and frag-list
 * members that have fragments or are cloned into new skbs): a page the
 * skb only borrowed (a page-cache page from sendfile()/splice(), a user
 * page) is read, never written.
 */
static int l2tpsec_esp_cow(struct sk_buff *skb, unsigned int tailen,
			   struct sk_buff **trailer)
{
	int nfrags;

	if (!tailen) {
		nfrags = l2tpsec_esp_rx_inplace(skb, L2TPSEC_ESP_MAX_SG - 1);
		if (nfrags) {
			*trailer = skb;
			return nfrags;
		}
	}

	nfrags = skb_cow_data(skb, tailen, trailer);
	if (nfrags < L2TPSEC_ESP_MAX_SG)
		return nfrags;

	/* too many pieces for the scratch scatterlist */
	if (skb_linearize(skb))
		return -ENOMEM;
	nfrags = skb_cow_data(skb, tailen, trailer);
	if (nfrags >= L2TPSEC_ESP_MAX_SG)
		return -EMSGSIZE;
	return nfrags;
}

static int l2tpsec_esp_drop(struct l2tpsec_sa *sa, int cause)
{
	l2tpsec_stats_inc(&sa->stats, cause);
	return -cause;
}

/*
 * Drop an inbound packet: one from another peer address or port than the
 * SA's (ESP state @moved) counts as DROP_SA_MISMATCH whatever else is
 * wrong with it, as it did before such packets were authenticated.
 */
static int l2tpsec_esp_rx_drop(struct l2tpsec_sa *sa, const struct sk_buff *skb,
			       int cause)
{
	if (L2TPSEC_ESP_CB(skb)->moved)
		cause = L2TPSEC_STATS_DROP_SA_MISMATCH;
	return l2tpsec_esp_drop(sa, cause);
}

/*
 * Run the AEAD over the ESP packet whose header is at @esph (in the skb's
 * linear area), @clen bytes of payload after the IV plus the ICV (with
 * @encrypt the ICV is written). Uses the SA's per-CPU scratch, so it runs
 * with BH disabled.
 */
static int l2tpsec_esp_crypt(struct l2tpsec_sa *sa, struct sk_buff *skb,
			     struct ip_esp_hdr *esph, bool encrypt)
{
	const struct l2tpsec_esp_cb *cb = L2TPSEC_ESP_CB(skb);
	unsigned int clen = cb->clen;
	u64 seq = cb->seq;
	const struct l2tpsec_alg_desc *alg = sa->alg;
	unsigned int hlen = L2TPSEC_ESP_HDR + alg->ivlen;
	unsigned int off = (u8 *)esph - skb->data + hlen;
	struct l2tpsec_esp_scratch *s;
	struct aead_request *req;
	unsigned int adlen;
	int err;

	local_bh_disable();
	s = l2tpsec_esp_scratch(sa);

	if (encrypt) {
		/* AEAD: the sequence number, unique for the key's lifetime.
		 * CBC: unpredictable (RFC 4303 section 3.2 / RFC 3602).
		 */
		if (alg->auth_keylen) {
			get_random_bytes(s->iv, alg->ivlen);
		} else {
			memset(s->iv, 0, alg->ivlen - sizeof(u64));
			put_unaligned_be64(seq, s->iv + alg->ivlen - sizeof(u64));
		}
		memcpy(esph->enc_data, s->iv, alg->ivlen);
	} else {
		memcpy(s->iv, esph->enc_data, alg->ivlen);
	}
	adlen = l2tpsec_esp_ad(sa, s->ad, esph, seq);

	sg_init_table(s->sg, cb->nfrags + 1);
	sg_set_buf(&s->sg[0], s->ad, adlen);
	err = skb_to_sgvec(skb, &s->sg[1], off, clen + alg->icvlen);
	if (unlikely(err < 0))
		goto out;

	req = (struct aead_request *)s->req;
	aead_request_set_tfm(req, l2tpsec_esp_pick_tfm(sa));
	aead_request_set_callback(req, 0, NULL, NULL);
	aead_request_set_ad(req, adlen);
	if (encrypt) {
		aead_request_set_crypt(req, s->sg, s->sg, clen, s->iv);
		err = crypto_aead_encrypt(req);
	} else {
		aead_request_set_crypt(req, s->sg, s->sg, clen + alg->icvlen, s->iv);
		err = crypto_aead_decrypt(req);
	}
out:
	local_bh_enable();
	return err;
}

/* Record the packet's ESP state; its ESP header is at @skb->data. */
static void l2tpsec_esp_cb_set(struct sk_buff *skb, struct l2tpsec_sa *sa,
			       u64 seq, unsigned int clen, unsigned int plen,
			       int nfrags)
{
	struct l2tpsec_esp_cb *cb = L2TPSEC_ESP_CB(skb);

	cb->sa = sa;
	cb->seq = seq;
	/* from the head: headers may be pushed before it, and the head
	 * does not move between the steps (headroom reserved by tx.c)
	 */
	cb->esp_off = skb->data - skb->head;
	cb->clen = clen;
	cb->plen = plen;
	cb->nfrags = nfrags;
}

/**
 * l2tpsec_esp_encrypt_prep() - lay out an ESP packet around a payload
 * @sa: the outbound SA
 * @skb: the packet, data at the inner payload (the inner UDP header) with
 *	writable headroom for the ESP header and IV
 *
 * Everything of ESP output but the cipher: lifetime and sequence number,
 * padding, pad length, next header (UDP) and room for the ICV, ESP
 * header. On success @skb->data is at the ESP header, and the packet's
 * ESP state (&struct l2tpsec_esp_cb in @skb->cb) is set for
 * l2tpsec_esp_seal(); headers may be pushed in front of the ESP
 * header meanwhile (the state records its place from @skb->head).
 * Counts drops on @sa. Never frees @skb.
 *
 * Context: BH disabled or process context; does not sleep.
 * Return: 0, or -L2TPSEC_STATS_DROP_* (the caller drops the packet).
 */
int l2tpsec_esp_encrypt_prep(struct l2tpsec_sa *sa, struct sk_buff *skb)
{
	const struct l2tpsec_alg_desc *alg = sa->alg;
	unsigned int hlen = L2TPSEC_ESP_HDR + alg->ivlen;
	unsigned int plen, clen, padlen, tailen, i;
	struct ip_esp_hdr *esph;
	struct sk_buff *trailer;
	int nfrags;
	u8 *tail;
	u64 seq;

	if (unlikely(test_bit(L2TPSEC_SA_F_HARD, &sa->flags)))
		return l2tpsec_esp_drop(sa, L2TPSEC_STATS_DROP_EXPIRED);
	if (unlikely(test_bit(L2TPSEC_SA_F_DEAD, &sa->flags)))
		return l2tpsec_esp_drop(sa, L2TPSEC_STATS_DROP_NO_SA);

	/* one ESP packet per skb: GSO cannot be protected here */
	if (unlikely(skb_is_gso(skb))) {
		net_dbg_ratelimited("l2tpsec: SPI 0x%x: GSO packet\n", sa->spi);
		return l2tpsec_esp_drop(sa, L2TPSEC_STATS_DROP_TX_ERROR);
	}
	/* the inner checksum must be final before it is encrypted */
	if (skb->ip_summed == CHECKSUM_PARTIAL && skb_checksum_help(skb))
		return l2tpsec_esp_drop(sa, L2TPSEC_STATS_DROP_TX_ERROR);

	plen = skb->len;
	clen = ALIGN(plen + 2, alg->align);
	padlen = clen - plen - 2;
	tailen = clen - plen + alg->icvlen;

	/* lifetime before the work, and before using a sequence number */
	if (!l2tpsec_sa_account(sa, plen))
		return l2tpsec_esp_drop(sa, L2TPSEC_STATS_DROP_EXPIRED);

	if (!l2tpsec_esp_next_seq(sa, &seq)) {
		l2tpsec_sa_expire(sa, L2TPSEC_EXPIRE_SEQ, true);
		return l2tpsec_esp_drop(sa, L2TPSEC_STATS_DROP_EXPIRED);
	}

	if (skb_cow_head(skb, hlen))
		return l2tpsec_esp_drop(sa, L2TPSEC_STATS_DROP_TX_ERROR);
	nfrags = l2tpsec_esp_cow(skb, tailen, &trailer);
	if (nfrags < 0)
		return l2tpsec_esp_drop(sa, L2TPSEC_STATS_DROP_TX_ERROR);

	/* trailer (RFC 4303 section 2.4): 1, 2, 3..., pad length, UDP */
	tail = pskb_put(skb, trailer, tailen);
	for (i = 0; i < padlen; i++)
		tail[i] = i + 1;
	tail[padlen] = padlen;
	tail[padlen + 1] = IPPROTO_UDP;

	esph = skb_push(skb, hlen);
	esph->spi = sa->spi_be;
	esph->seq_no = htonl(lower_32_bits(seq));

	skb->ip_summed = CHECKSUM_NONE;
	l2tpsec_esp_cb_set(skb, sa, seq, clen, plen, nfrags);
	return 0;
}

/**
 * l2tpsec_esp_seal() - encrypt a packet laid out by
 *	l2tpsec_esp_encrypt_prep()
 * @skb: the packet; its ESP state names the SA
 *
 * Writes the IV, encrypts in place and appends the ICV. Counts the packet
 * or the drop on the SA. Never frees @skb.
 *
 * Context: BH disabled or process context; does not sleep.
 * Return: 0, or -L2TPSEC_STATS_DROP_* (the caller drops the packet).
 */
int l2tpsec_esp_seal(struct sk_buff *skb)
{
	struct l2tpsec_esp_cb *cb = L2TPSEC_ESP_CB(skb);
	struct l2tpsec_sa *sa = cb->sa;
	int err;

	err = l2tpsec_esp_crypt(sa, skb,
				(struct ip_esp_hdr *)(skb->head + cb->esp_off), true);
	if (unlikely(err)) {
		net_warn_ratelimited("l2tpsec: SPI 0x%x: encryption failed: %d\n",
				     sa->spi, err);
		return l2tpsec_esp_drop(sa, L2TPSEC_STATS_DROP_TX_ERROR);
	}
	l2tpsec_stats_pkt(&sa->stats, L2TPSEC_STATS_TX_PACKETS, cb->plen);
	return 0;
}

/**
 * l2tpsec_esp_decrypt_prep() - checks before decrypting an ESP packet
 * @sa: the inbound SA its SPI selected
 * @skb: the packet, data at the ESP header (anything between the network
 *	header and it, such as the ESP-in-UDP header, is ignored)
 *
 * Checks the length, the SA's state and the anti-replay window, and makes
 * the packet writable. Sets the packet's ESP state for l2tpsec_esp_open()
 * and l2tpsec_esp_decrypt_done(); the caller has set its @moved, @saddr
 * and @sport (it keeps them). Counts drops on @sa (a @moved packet's as
 * DROP_SA_MISMATCH). Never frees @skb.
 *
 * Context: BH disabled or process context; does not sleep.
 * Return: 0, or -L2TPSEC_STATS_DROP_* (the caller drops the packet).
 */
int l2tpsec_esp_decrypt_prep(struct l2tpsec_sa *sa, struct sk_buff *skb)
{
	const struct l2tpsec_alg_desc *alg = sa->alg;
	unsigned int hlen = L2TPSEC_ESP_HDR + alg->ivlen;
	struct ip_esp_hdr *esph;
	struct sk_buff *trailer;
	unsigned int clen;
	int nfrags, err;
	u64 seq;

	if (skb->len < hlen + alg->icvlen + 2)
		return l2tpsec_esp_rx_drop(sa, skb, L2TPSEC_STATS_DROP_MALFORMED);
	clen = skb->len - hlen - alg->icvlen;
	/* CBC needs whole blocks; the AEADs take any length */
	if (alg->auth_keylen && !IS_ALIGNED(clen, alg->align))
		return l2tpsec_esp_rx_drop(sa, skb, L2TPSEC_STATS_DROP_MALFORMED);
	if (!pskb_may_pull(skb, hlen))
		return l2tpsec_esp_rx_drop(sa, skb, L2TPSEC_STATS_DROP_MALFORMED);

	if (unlikely(test_bit(L2TPSEC_SA_F_HARD, &sa->flags)))
		return l2tpsec_esp_rx_drop(sa, skb, L2TPSEC_STATS_DROP_EXPIRED);

	esph = (struct ip_esp_hdr *)skb->data;
	spin_lock_bh(&sa->replay_lock);
	err = l2tpsec_replay_check(&sa->replay, ntohl(esph->seq_no), sa->esn,
				   &seq);
	spin_unlock_bh(&sa->replay_lock);
	if (err)
		return l2tpsec_esp_rx_drop(sa, skb, L2TPSEC_STATS_DROP_REPLAY);

	nfrags = l2tpsec_esp_cow(skb, 0, &trailer);
	if (nfrags < 0) {
		net_dbg_ratelimited("l2tpsec: SPI 0x%x: cannot write packet: %d\n",
				    sa->spi, nfrags);
		return l2tpsec_esp_rx_drop(sa, skb, L2TPSEC_STATS_DROP_MALFORMED);
	}

	/* the data changes: a CHECKSUM_COMPLETE value would be wrong */
	skb->ip_summed = CHECKSUM_NONE;
	l2tpsec_esp_cb_set(skb, sa, seq, clen, 0, nfrags);
	return 0;
}

/**
 * l2tpsec_esp_open() - decrypt and verify a packet checked by
 *	l2tpsec_esp_decrypt_prep()
 * @skb: the packet, data at the ESP header; its ESP state names the SA
 *
 * Decrypts and authenticates in place; the anti-replay window is not
 * touched (l2tpsec_esp_decrypt_done() does that). Counts a drop on the
 * SA. Never frees @skb.
 *
 * Context: BH disabled or process context; does not sleep.
 * Return: 0, or -L2TPSEC_STATS_DROP_* (the caller drops the packet).
 */
int l2tpsec_esp_open(struct sk_buff *skb)
{
	struct l2tpsec_esp_cb *cb = L2TPSEC_ESP_CB(skb);
	struct l2tpsec_sa *sa = cb->sa;
	int err;

	err = l2tpsec_esp_crypt(sa, skb, (struct ip_esp_hdr *)skb->data, false);
	if (likely(!err))
		return 0;
	/* from another peer address or port: counted as such, no event */
	if (err == -EBADMSG)
		return l2tpsec_esp_rx_drop(sa, skb, L2TPSEC_STATS_DROP_AUTH);
	net_dbg_ratelimited("l2tpsec: SPI 0x%x: decryption failed: %d\n",
			    sa->spi, err);
	return l2tpsec_esp_rx_drop(sa, skb, L2TPSEC_STATS_DROP_MALFORMED);
}

/**
 * l2tpsec_esp_decrypt_done() - accept an authentic ESP packet
 * @skb: the packet l2tpsec_esp_open() verified, data at the ESP header
 *
 * Updates the anti-replay window, removes the trailer, ICV, ESP header
 * and IV. On success @skb->data and the transport header are at the inner
 * UDP header and @skb->len is the inner length. The packets of one SA go
 * through here in the order they arrived in. Counts the packet or the
 * drop on the SA. A packet from another peer address or port than the
 * SA's (ESP state @moved) moves the window but is dropped and reported
 * (l2tpsec_sa_mapping()). Never frees @skb.
 *
 * Context: BH disabled or process context; does not sleep.
 * Return: 0, or -L2TPSEC_STATS_DROP_* (the caller drops the packet).
 */
int l2tpsec_esp_decrypt_done(struct sk_buff *skb)
{
	struct l2tpsec_esp_cb *cb = L2TPSEC_ESP_CB(skb);
	struct l2tpsec_sa *sa = cb->sa;
	unsigned int hlen = L2TPSEC_ESP_HDR + sa->alg->ivlen;
	unsigned int clen = cb->clen, plen;
	u8 nexthdr[2];
	int err;

	/* hard-expired while the packet was in parallel crypto */
	if (unlikely(test_bit(L2TPSEC_SA_F_HARD, &sa->flags)))
		return l2tpsec_esp_rx_drop(sa, skb, L2TPSEC_STATS_DROP_EXPIRED);

	/* authentic: now it may move the window (another CPU may have
	 * accepted the same number meanwhile)
	 */
	spin_lock_bh(&sa->replay_lock);
	err = l2tpsec_replay_update(&sa->replay, cb->seq);
	spin_unlock_bh(&sa->replay_lock);
	if (err)
		return l2tpsec_esp_rx_drop(sa, skb, L2TPSEC_STATS_DROP_REPLAY);

	/* authentic and new, but from another peer address or port: the
	 * peer's NAT mapping changed. Not delivered until userspace moves
	 * the SA (SA_SET); it hears about it (SA_MAPPING).
	 */
	if (unlikely(cb->moved)) {
		l2tpsec_sa_mapping(sa, cb->saddr, cb->sport);
		return l2tpsec_esp_drop(sa, L2TPSEC_STATS_DROP_SA_MISMATCH);
	}

	if (skb_copy_bits(skb, hlen + clen - 2, nexthdr, 2))
		return l2tpsec_esp_drop(sa, L2TPSEC_STATS_DROP_MALFORMED);
	if (nexthdr[0] + 2 >= clen || nexthdr[1] != IPPROTO_UDP) {
		net_dbg_ratelimited("l2tpsec: SPI 0x%x: bad trailer: pad %u, next header %u\n",
				    sa->spi, nexthdr[0], nexthdr[1]);
		return l2tpsec_esp_drop(sa, L2TPSEC_STATS_DROP_MALFORMED);
	}
	plen = clen - nexthdr[0] - 2;

	if (pskb_trim(skb, hlen + plen))
		return l2tpsec_esp_drop(sa, L2TPSEC_STATS_DROP_MALFORMED);
	__skb_pull(skb, hlen);
	skb_reset_transport_header(skb);

	if (!l2tpsec_sa_account(sa, plen))
		return l2tpsec_esp_drop(sa, L2TPSEC_STATS_DROP_EXPIRED);

	l2tpsec_stats_pkt(&sa->stats, L2TPSEC_STATS_RX_PACKETS, plen);
	return 0;
}
