/*
 * Sets of objects and filters (oval-def:set, oval-def:filter). A set's
 * operands are the objects it references, each through the set's
 * filters, or the sets it nests; their items are combined by the
 * set_operator into a unique set, equal items being one, and their flags
 * by the tables of the schema's SetOperatorEnumeration. A filter keeps or
 * drops each item by a state; a state that cannot be evaluated on an
 * item makes the object error, rather than a guess either way.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "eval/engine_int.h"
#include "util/buf.h"

/* Sets nested deeper than this are refused, not followed. */
#define MAX_SET_DEPTH 16

typedef enum set_op { SET_UNION, SET_INTERSECTION, SET_COMPLEMENT } set_op;

static uint64_t mix_at(uint64_t h, const void *p)
{
	return (h ^ (uint64_t)(uintptr_t)p) * 0x100000001b3ull;
}

/* An item's entities are the engine pool's strings, each text once: two
 * equal entities hold the same addresses, which are hashed instead of
 * the texts (a pattern of a few hundred bytes in every item). */
static uint64_t item_hash(const sf_item *it)
{
	uint64_t h = 0xcbf29ce484222325ull + (uint64_t)it->status;
	size_t i, k;

	for (i = 0; i < it->nent; i++) {
		const sf_entity *en = &it->ent[i];

		h = mix_at(mix_at(h, en->name), en->value);
		for (k = 0; k < en->nfields; k++)
			h = mix_at(h, en->fields[k].text);
	}
	return h;
}

/* The items of a collection by hash, for telling which are equal. */
typedef struct itemidx {
	const sf_collected *c;
	size_t *slot; /* an item's number + 1; 0 for none */
	size_t cap, n;
} itemidx;

static void idx_put(itemidx *x, size_t at)
{
	size_t i = (size_t)item_hash(&x->c->items[at]) & (x->cap - 1);

	while (x->slot[i])
		i = (i + 1) & (x->cap - 1);
	x->slot[i] = at + 1;
	x->n++;
}

static void idx_add(itemidx *x, size_t at)
{
	if (2 * (x->n + 1) > x->cap) {
		size_t *old = x->slot, oldcap = x->cap, i;

		x->cap = x->cap ? 2 * x->cap : 16;
		x->slot = sf_xcalloc(x->cap, sizeof(*x->slot));
		x->n = 0;
		for (i = 0; i < oldcap; i++)
			if (old[i])
				idx_put(x, old[i] - 1);
		free(old);
	}
	idx_put(x, at);
}

static int idx_has(const itemidx *x, const sf_item *it)
{
	size_t i;

	if (!x->cap)
		return 0;
	for (i = (size_t)item_hash(it) & (x->cap - 1); x->slot[i];
	     i = (i + 1) & (x->cap - 1))
		if (sf_item_equal(&x->c->items[x->slot[i] - 1], it))
			return 1;
	return 0;
}

static void idx_of(itemidx *x, const sf_collected *c)
{
	size_t i;

	memset(x, 0, sizeof(*x));
	x->c = c;
	for (i = 0; i < c->nitems; i++)
		idx_add(x, i);
}

/* Appends the items of from that are not in out already and are (want
 * 1) or are not (want 0) in other (NULL: any), keeping their order. */
static void take(sf_collected *out, itemidx *seen, const sf_collected *from,
                 const itemidx *other, int want)
{
	size_t i;

	for (i = 0; i < from->nitems; i++) {
		const sf_item *it = &from->items[i];

		if ((other && idx_has(other, it) != want) || idx_has(seen, it))
			continue;
		sf_collected_add_copy(out, it);
		idx_add(seen, out->nitems - 1);
	}
}

/* The flag of a set from its operands' (SetOperatorEnumeration's
 * tables, for the flags this engine gives: complete, does not exist,
 * error). a is the first operand. */
static sf_flag combine_flags(set_op op, sf_flag a, sf_flag b)
{
	switch (op) {
	case SET_UNION:
		if (a == SF_FLAG_ERROR || b == SF_FLAG_ERROR)
			return SF_FLAG_ERROR;
		return a == SF_FLAG_COMPLETE || b == SF_FLAG_COMPLETE
		           ? SF_FLAG_COMPLETE
		           : SF_FLAG_DOES_NOT_EXIST;
	case SET_INTERSECTION:
		/* nothing in common with nothing, whatever the other is */
		if (a == SF_FLAG_DOES_NOT_EXIST || b == SF_FLAG_DOES_NOT_EXIST)
			return SF_FLAG_DOES_NOT_EXIST;
		return a == SF_FLAG_ERROR || b == SF_FLAG_ERROR
		           ? SF_FLAG_ERROR
		           : SF_FLAG_COMPLETE;
	default:
		/* nothing less anything is nothing */
		if (a != SF_FLAG_COMPLETE)
			return a;
		return b == SF_FLAG_ERROR ? SF_FLAG_ERROR : SF_FLAG_COMPLETE;
	}
}

static void set_fail(sf_oval_engine *e, sf_collected *c, const char *msg)
{
	sf_collected_release(c);
	sf_collected_fail(e, c, msg);
}

/* An operand naming an object: its items through the set's filters. */
static void operand_object(sf_oval_engine *e, const sf_node *self,
                           xmlNodePtr set, xmlNodePtr ref, sf_collected *op)
{
	char *id = sf_xml_text(ref);
	sf_node *o = sf_engine_find(e, id);
	const sf_collected *col;
	sf_buf msg = SF_BUF_INIT;
	size_t i;

	if (!o || !o->node->parent ||
	    strcmp((const char *)o->node->parent->name, "objects")) {
		sf_buf_printf(&msg,
		              "the set of '%s' names an unknown object "
		              "'%s'",
		              self->id, id);
	} else if (o->collected.busy) {
		sf_buf_printf(&msg,
		              "the set of '%s' contains itself through "
		              "'%s'",
		              self->id, id);
	} else if (strcmp((const char *)o->node->name,
	                  (const char *)self->node->name) ||
	           !o->node->ns != !self->node->ns ||
	           (o->node->ns &&
	            strcmp((const char *)o->node->ns->href,
	                   (const char *)self->node->ns->href))) {
		sf_buf_printf(&msg,
		              "the set of '%s' names '%s', an object of "
		              "another kind",
		              self->id, id);
	}
	if (msg.len) {
		sf_collected_fail(e, op, sf_buf_cstr(&msg));
		sf_buf_release(&msg);
		free(id);
		return;
	}
	col = sf_engine_collect(e, o);
	op->flag = col->flag;
	if (col->message)
		op->message = sf_xstrdup(col->message);
	for (i = 0; i < col->nitems; i++)
		sf_collected_add_copy(op, &col->items[i]);
	sf_engine_filter(e, set, op);
	free(id);
}

static void eval_set(sf_oval_engine *e, const sf_node *self, xmlNodePtr set,
                     sf_collected *out, int depth)
{
	char *sop = sf_xml_prop(set, "set_operator");
	sf_collected ops[2];
	itemidx seen, other;
	size_t nops = 0, i;
	xmlNodePtr k;
	set_op op;

	memset(ops, 0, sizeof(ops));
	op = !*sop || !strcmp(sop, "UNION") ? SET_UNION
	     : !strcmp(sop, "INTERSECTION") ? SET_INTERSECTION
	     : !strcmp(sop, "COMPLEMENT")   ? SET_COMPLEMENT
	                                    : (set_op)-1;
	free(sop);
	if ((int)op < 0 || depth > MAX_SET_DEPTH) {
		sf_collected_fail(e, out,
		                  depth > MAX_SET_DEPTH
		                      ? "sets are nested too deep"
		                      : "a set has an unknown set_operator");
		return;
	}
	for (k = set->children; k; k = k->next) {
		int is_ref = sf_xml_is(k, NULL, "object_reference");

		if (!is_ref && !sf_xml_is(k, NULL, "set"))
			continue;
		if (nops == 2) {
			set_fail(e, out, "a set has more than two operands");
			goto done;
		}
		if (is_ref)
			operand_object(e, self, set, k, &ops[nops++]);
		else
			eval_set(e, self, k, &ops[nops++], depth + 1);
	}
	if (!nops) {
		sf_collected_fail(e, out, "a set has no operand");
		goto done;
	}
	memset(&seen, 0, sizeof(seen));
	seen.c = out;
	if (nops == 1) {
		/* a single object is the set, made unique */
		out->flag = ops[0].flag;
		take(out, &seen, &ops[0], NULL, 0);
	} else {
		out->flag = combine_flags(op, ops[0].flag, ops[1].flag);
		if (op == SET_UNION) {
			take(out, &seen, &ops[0], NULL, 0);
			take(out, &seen, &ops[1], NULL, 0);
		} else {
			idx_of(&other, &ops[1]);
			take(out, &seen, &ops[0], &other,
			     op == SET_INTERSECTION);
			free(other.slot);
		}
	}
	free(seen.slot);
	for (i = 0; i < nops && out->flag == SF_FLAG_ERROR; i++)
		if (ops[i].flag == SF_FLAG_ERROR && ops[i].message) {
			/* why: the operand's own message */
			free(out->message);
			out->message = sf_xstrdup(ops[i].message);
			sf_engine_problem(e, "%s", ops[i].message);
			break;
		}
	if (out->flag == SF_FLAG_COMPLETE && !out->nitems)
		out->flag = SF_FLAG_DOES_NOT_EXIST;
done:
	for (i = 0; i < nops; i++)
		sf_collected_release(&ops[i]);
}

void sf_engine_collect_set(sf_oval_engine *e, sf_node *o, xmlNodePtr set)
{
	eval_set(e, o, set, &o->collected, 0);
}

/* Applies one filter; -1 when its state cannot be evaluated. */
static int apply(sf_oval_engine *e, xmlNodePtr filter, sf_collected *c)
{
	char *action = sf_xml_prop(filter, "action");
	char *sid = sf_xml_text(filter);
	sf_node *st = sf_engine_find(e, sid);
	int include = !strcmp(action, "include"), rc = 0;
	sf_buf msg = SF_BUF_INIT;
	size_t i, kept = 0;

	if (!include && *action && strcmp(action, "exclude"))
		sf_buf_printf(&msg, "a filter has an unknown action '%s'",
		              action);
	else if (!st || !st->node->parent ||
	         strcmp((const char *)st->node->parent->name, "states"))
		sf_buf_printf(&msg, "a filter names an unknown state '%s'",
		              sid);
	for (i = 0; !msg.len && i < c->nitems; i++) {
		sf_oval_result r = SF_OVAL_TRUE;

		if (c->items[i].status == SF_ITEM_EXISTS)
			r = sf_engine_state(e, st->node, &c->items[i], NULL);
		if (r != SF_OVAL_TRUE && r != SF_OVAL_FALSE) {
			const char *where =
			    sf_item_value(&c->items[i], "filepath");

			if (!where)
				where = sf_item_value(&c->items[i], "path");
			sf_buf_printf(&msg,
			              "the filter state '%s' cannot be "
			              "evaluated on an item%s%s%s",
			              sid, where ? " of '" : "",
			              where ? where : "", where ? "'" : "");
			break;
		}
		/* an item that does not exist is never filtered */
		if (c->items[i].status != SF_ITEM_EXISTS ||
		    include == (r == SF_OVAL_TRUE))
			c->items[kept++] = c->items[i];
		else
			sf_item_release(&c->items[i]);
	}
	if (msg.len) {
		/* the items not looked at yet stay where they are */
		for (; i < c->nitems; i++)
			c->items[kept++] = c->items[i];
		c->nitems = kept;
		sf_collected_fail(e, c, sf_buf_cstr(&msg));
		rc = -1;
	}
	c->nitems = kept;
	sf_buf_release(&msg);
	free(action);
	free(sid);
	return rc;
}

void sf_engine_filter(sf_oval_engine *e, xmlNodePtr holder, sf_collected *c)
{
	xmlNodePtr f;

	for (f = holder->children; f; f = f->next)
		if (sf_xml_is(f, NULL, "filter") && c->flag != SF_FLAG_ERROR &&
		    apply(e, f, c) < 0)
			return;
	if (c->flag == SF_FLAG_COMPLETE && !c->nitems)
		c->flag = SF_FLAG_DOES_NOT_EXIST;
}
