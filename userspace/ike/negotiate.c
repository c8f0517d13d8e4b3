// SPDX-License-Identifier: GPL-2.0
/*
 * Negotiation helpers without side effects (negotiate.h): proposal
 * choice (RFC 7296 2.7, 3.3) and traffic selectors for the L2TP flow
 * (2.9).
 */
#include <arpa/inet.h>
#include <string.h>

#include "negotiate.h"

static bool trans_eq(const struct ike_transform *a, const struct ike_transform *b)
{
	return a->type == b->type && a->id == b->id && a->key_bits == b->key_bits;
}

static bool has_type(const struct ike_proposal *p, uint8_t type, bool no_dh)
{
	if (type == IKE_TRANS_DH && no_dh)
		return false;
	for (unsigned int i = 0; i < p->nt; i++) {
		if (p->t[i].type != type)
			continue;
		/* INTEG NONE and DH NONE mean "absent" */
		if ((type == IKE_TRANS_INTEG || type == IKE_TRANS_DH) && p->t[i].id == 0)
			continue;
		return true;
	}
	return false;
}

static bool in_proposal(const struct ike_proposal *p, const struct ike_transform *t)
{
	for (unsigned int i = 0; i < p->nt; i++)
		if (trans_eq(&p->t[i], t))
			return true;
	return false;
}

/* Match their proposal against ours, one transform per type: their order. */
static bool match_one(const struct ike_proposal *ours, const struct ike_proposal *theirs,
		      bool no_dh, struct ike_chosen *out)
{
	static const uint8_t types[] = {
		IKE_TRANS_ENCR, IKE_TRANS_PRF, IKE_TRANS_INTEG, IKE_TRANS_DH, IKE_TRANS_ESN,
	};

	memset(out, 0, sizeof(*out));
	for (size_t k = 0; k < sizeof(types); k++) {
		uint8_t type = types[k];
		bool th = has_type(theirs, type, no_dh), oh = has_type(ours, type, no_dh);
		const struct ike_transform *pick = NULL;

		if (!th && !oh)
			continue;
		if (th != oh)
			return false;
		for (unsigned int i = 0; i < theirs->nt && !pick; i++) {
			const struct ike_transform *t = &theirs->t[i];

			if (t->type == type && in_proposal(ours, t))
				pick = t;
		}
		if (!pick)
			return false;
		switch (type) {
		case IKE_TRANS_ENCR:
			out->encr = pick->id;
			out->encr_bits = pick->key_bits;
			break;
		case IKE_TRANS_PRF:
			out->prf = pick->id;
			break;
		case IKE_TRANS_INTEG:
			out->integ = pick->id;
			break;
		case IKE_TRANS_DH:
			out->dh = pick->id;
			break;
		case IKE_TRANS_ESN:
			out->esn = pick->id == IKE_ESN_YES;
			break;
		}
	}
	if (!out->encr)
		return false;
	/* non-AEAD ciphers need integrity */
	if ((out->encr == IKE_ENCR_AES_CBC || out->encr == IKE_ENCR_3DES) != !!out->integ)
		return false;
	out->proto = theirs->proto;
	out->num = theirs->num;
	out->spi_len = theirs->spi_len;
	memcpy(out->spi, theirs->spi, sizeof(out->spi));
	return true;
}

/**
 * nego_choose() - pick the first of the peer's proposals we accept
 * @ours: configured proposals
 * @n_ours: their number
 * @theirs: the peer's proposals, in its order of preference
 * @n_theirs: their number
 * @proto: IKE_PROTO_IKE or IKE_PROTO_ESP
 * @no_dh: ignore DH transforms (the first child SA, in IKE_AUTH)
 * @out: the chosen transforms, with the peer's SPI
 *
 * Return: 0, or -1 if nothing matches (NO_PROPOSAL_CHOSEN).
 */
int nego_choose(const struct ike_proposal *ours, unsigned int n_ours,
		const struct ike_proposal *theirs, unsigned int n_theirs, uint8_t proto,
		bool no_dh, struct ike_chosen *out)
{
	for (unsigned int i = 0; i < n_theirs; i++) {
		bool unknown = !theirs[i].nt;

		for (unsigned int t = 0; t < theirs[i].nt; t++)
			unknown |= !theirs[i].t[t].type || theirs[i].t[t].type > IKE_TRANS_TYPE_MAX;
		/* a transform type we do not know makes the proposal unacceptable */
		if (theirs[i].proto != proto || unknown)
			continue;
		if (proto == IKE_PROTO_ESP && theirs[i].spi_len != 4)
			continue;
		for (unsigned int j = 0; j < n_ours; j++)
			if (ours[j].proto == proto && match_one(&ours[j], &theirs[i], no_dh, out))
				return 0;
	}
	return -1;
}

/**
 * nego_check_answer() - check the responder's choice against our offer
 * @offered: what we sent
 * @n_offered: how many
 * @answer: the single proposal the responder returned
 * @no_dh: ignore DH transforms
 * @out: the chosen transforms, with the responder's SPI
 *
 * The answer must hold exactly one transform of each type it uses.
 * Return: 0, or -1.
 */
int nego_check_answer(const struct ike_proposal *offered, unsigned int n_offered,
		      const struct ike_proposal *answer, bool no_dh, struct ike_chosen *out)
{
	unsigned int count[IKE_TRANS_TYPE_MAX + 1] = { 0 };

	for (unsigned int i = 0; i < answer->nt; i++) {
		if (answer->t[i].type > IKE_TRANS_TYPE_MAX || answer->t[i].type == 0)
			return -1;
		if (++count[answer->t[i].type] > 1)
			return -1;
	}
	for (unsigned int j = 0; j < n_offered; j++)
		if (offered[j].proto == answer->proto &&
		    match_one(&offered[j], answer, no_dh, out))
			return 0;
	return -1;
}

/**
 * nego_chosen_to_proposal() - the SA payload proposal of an answer
 * @c: what was chosen
 * @p: filled (number and SPI from @c)
 */
void nego_chosen_to_proposal(const struct ike_chosen *c, struct ike_proposal *p)
{
	memset(p, 0, sizeof(*p));
	p->num = c->num ? c->num : 1;
	p->proto = c->proto;
	p->spi_len = c->spi_len;
	memcpy(p->spi, c->spi, sizeof(p->spi));
	p->t[p->nt++] = (struct ike_transform){ IKE_TRANS_ENCR, c->encr, c->encr_bits };
	if (c->prf)
		p->t[p->nt++] = (struct ike_transform){ IKE_TRANS_PRF, c->prf, 0 };
	if (c->integ)
		p->t[p->nt++] = (struct ike_transform){ IKE_TRANS_INTEG, c->integ, 0 };
	if (c->dh)
		p->t[p->nt++] = (struct ike_transform){ IKE_TRANS_DH, c->dh, 0 };
	if (c->proto == IKE_PROTO_ESP)
		p->t[p->nt++] = (struct ike_transform){ IKE_TRANS_ESN,
							c->esn ? IKE_ESN_YES : IKE_ESN_NO, 0 };
}

/**
 * nego_offer() - our proposals as sent in an SA payload
 * @conf: configured proposals
 * @n: their number
 * @proto: IKE_PROTO_IKE or IKE_PROTO_ESP
 * @spi: our SPI (NULL if spi_len is 0)
 * @spi_len: 0, 4 or 8
 * @no_dh: drop DH transforms (first child SA, in IKE_AUTH)
 * @out: IKE_MAX_PROPOSALS entries
 *
 * Return: the number of proposals written.
 */
unsigned int nego_offer(const struct ike_proposal *conf, unsigned int n, uint8_t proto,
			const uint8_t *spi, uint8_t spi_len, bool no_dh,
			struct ike_proposal *out)
{
	unsigned int k = 0;

	for (unsigned int i = 0; i < n && k < IKE_MAX_PROPOSALS; i++) {
		struct ike_proposal *p = &out[k];

		*p = conf[i];
		p->num = (uint8_t)(k + 1);
		p->proto = proto;
		p->spi_len = spi_len;
		memset(p->spi, 0, sizeof(p->spi));
		if (spi_len)
			memcpy(p->spi, spi, spi_len);
		if (no_dh) {
			unsigned int m = 0;

			for (unsigned int t = 0; t < p->nt; t++)
				if (p->t[t].type != IKE_TRANS_DH)
					p->t[m++] = p->t[t];
			p->nt = m;
		}
		k++;
	}
	return k;
}

/**
 * nego_first_dh() - the DH group to send a KE for
 * @p: proposals
 * @n: their number
 *
 * Return: the first DH group of the first proposal that has one, or 0.
 */
uint16_t nego_first_dh(const struct ike_proposal *p, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		for (unsigned int t = 0; t < p[i].nt; t++)
			if (p[i].t[t].type == IKE_TRANS_DH && p[i].t[t].id)
				return p[i].t[t].id;
	return 0;
}

/**
 * nego_dh_offered() - is DH group in any of the proposals?
 * @p: proposals
 * @n: their number
 * @group: IKE_DH_*
 *
 * Return: true if offered.
 */
bool nego_dh_offered(const struct ike_proposal *p, unsigned int n, uint16_t group)
{
	for (unsigned int i = 0; i < n; i++)
		for (unsigned int t = 0; t < p[i].nt; t++)
			if (p[i].t[t].type == IKE_TRANS_DH && p[i].t[t].id == group)
				return true;
	return false;
}

static uint32_t ts_addr4(const uint8_t *a)
{
	return (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 | (uint32_t)a[2] << 8 | a[3];
}

static bool ts_has(const struct ike_ts *t, uint32_t addr, bool any_addr, uint16_t port)
{
	if (t->type != IKE_TS_IPV4_ADDR_RANGE)
		return false;
	if (t->proto != 0 && t->proto != IPPROTO_UDP)
		return false;
	if (port < t->sport || port > t->eport)
		return false;
	if (any_addr)
		return ts_addr4(t->start) <= ts_addr4(t->end);
	return ts_addr4(t->start) <= addr && addr <= ts_addr4(t->end);
}

/**
 * nego_ts_covers() - does a selector list contain udp/port at addr?
 * @t: the selectors
 * @addr: the address
 * @port: the UDP port
 *
 * Return: true if one selector covers it.
 */
bool nego_ts_covers(const struct ike_ts_payload *t, struct in_addr addr, uint16_t port)
{
	for (unsigned int i = 0; i < t->n; i++)
		if (ts_has(&t->ts[i], ntohl(addr.s_addr), false, port))
			return true;
	return false;
}

/**
 * nego_ts_l2tp() - the selector of one end of the L2TP flow
 * @ts: filled: IPv4 addr/32, UDP, port..port
 * @addr: the address
 * @port: the L2TP UDP port
 */
void nego_ts_l2tp(struct ike_ts *ts, struct in_addr addr, uint16_t port)
{
	memset(ts, 0, sizeof(*ts));
	ts->type = IKE_TS_IPV4_ADDR_RANGE;
	ts->proto = IPPROTO_UDP;
	ts->sport = port;
	ts->eport = port;
	memcpy(ts->start, &addr.s_addr, 4);
	memcpy(ts->end, &addr.s_addr, 4);
}

/**
 * nego_ts_narrow() - narrow the peer's selectors to the L2TP flow
 * @t: the selectors received
 * @addr: the address of that end as we know it
 * @any_addr: a NAT is in front of that end: its selector may name an
 *	address we do not see (RFC 7296 2.23.1, transport mode)
 * @port: the L2TP UDP port
 * @out: the single selector to answer with
 *
 * Return: 0, or -1 if no selector covers the flow.
 */
int nego_ts_narrow(const struct ike_ts_payload *t, struct in_addr addr, bool any_addr,
		   uint16_t port, struct ike_ts *out)
{
	uint32_t a = ntohl(addr.s_addr);

	for (unsigned int i = 0; i < t->n; i++) {
		const struct ike_ts *s = &t->ts[i];

		if (ts_has(s, a, false, port)) {
			nego_ts_l2tp(out, addr, port);
			return 0;
		}
	}
	if (!any_addr)
		return -1;
	for (unsigned int i = 0; i < t->n; i++) {
		const struct ike_ts *s = &t->ts[i];

		if (ts_has(s, a, true, port)) {
			struct in_addr first;

			memcpy(&first.s_addr, s->start, 4);
			nego_ts_l2tp(out, first, port);
			return 0;
		}
	}
	return -1;
}
