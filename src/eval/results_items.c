/*
 * The items of the OVAL results' system characteristics, each in its
 * family's namespace (ind-sys, unix-sys), with the namespaces declared
 * that they use.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval/engine_int.h"
#include "util/ns.h"
#include "util/xstream.h"

#define NS_IND_SC                                                              \
	"http://oval.mitre.org/XMLSchema/oval-system-characteristics-5#independent"
#define NS_UNIX_SC                                                             \
	"http://oval.mitre.org/XMLSchema/oval-system-characteristics-5#unix"

/* The prefix of an object's items: its family's. */
static const char *item_prefix(xmlNodePtr object)
{
	return object->ns &&
	               !strcmp((const char *)object->ns->href, SF_NS_OVAL_UNIX)
	           ? "unix-sys"
	           : "ind-sys";
}

static const char *status_name(sf_item_status s)
{
	static const char *const names[] = {"exists", "does not exist", "error",
	                                    "not collected"};

	return names[s];
}

/* "textfilecontent54_object" -> "textfilecontent_item" and the like. */
static void item_name(const char *object, char *out, size_t size)
{
	size_t n = strlen(object);

	if (n > 7 && !strcmp(object + n - 7, "_object"))
		n -= 7;
	if (n > 2 && !strncmp(object + n - 2, "54", 2))
		n -= 2;
	snprintf(out, size, "%.*s_item", (int)n, object);
}

/* Records written in one piece go to the writer in pieces this large. */
#define RAW_PIECE 16384

static void indent(sf_buf *b, size_t depth)
{
	while (depth--)
		sf_buf_put(b, SF_XS_INDENT, sizeof(SF_XS_INDENT) - 1);
}

/* The fields of a record (its element open at depth, in the writer's
 * indentation) written as text in one piece, when each is plain: the
 * very bytes the writer makes of them, which costs it several calls and
 * allocations a field, tens of thousands of times in a large scan.
 * Returns 0 when one is not plain: the writer writes them then. */
static int write_plain_fields(xmlTextWriterPtr w, const sf_entity *en,
                              size_t depth)
{
	sf_buf b = SF_BUF_INIT;
	size_t k;

	if (!en->nfields || !sf_xs_plain(en->field_name, 0))
		return 0;
	for (k = 0; k < en->nfields; k++)
		if (!sf_xs_plain(en->fields[k].text, 1))
			return 0;
	sf_buf_putc(&b, '\n');
	for (k = 0; k < en->nfields; k++) {
		indent(&b, depth + 1);
		sf_buf_puts(&b, "<oval-sc:field name=\"");
		sf_buf_puts(&b, en->field_name);
		sf_buf_puts(&b, "\">");
		if (en->fields[k].text)
			sf_buf_puts(&b, en->fields[k].text);
		sf_buf_puts(&b, "</oval-sc:field>\n");
		/* in pieces, so that neither buffer holds a whole record */
		if (b.len >= RAW_PIECE) {
			xmlTextWriterWriteRawLen(w, BAD_CAST b.ptr, (int)b.len);
			sf_buf_clear(&b);
		}
	}
	/* the record's end tag follows on a line of its own */
	indent(&b, depth);
	xmlTextWriterWriteRawLen(w, BAD_CAST b.ptr, (int)b.len);
	sf_buf_release(&b);
	return 1;
}

void sf_results_write_item(xmlTextWriterPtr w, xmlNodePtr object, size_t id,
                           const sf_item *it, size_t depth)
{
	const char *prefix = item_prefix(object);
	char name[96];
	size_t i, k;

	item_name((const char *)object->name, name, sizeof(name));
	sf_xs_start(w, prefix, name, NULL);
	sf_xs_attrf(w, "id", "%zu", id);
	sf_xs_attr(w, "status", status_name(it->status));
	for (i = 0; i < it->nent; i++) {
		const sf_entity *en = &it->ent[i];

		sf_xs_start(w, prefix, en->name, NULL);
		if (en->nil) {
			sf_xs_attr(w, "xsi:nil", "true");
		} else if (en->field_name) {
			sf_xs_attr(w, "datatype", "record");
			if (write_plain_fields(w, en, depth + 1)) {
				sf_xs_end(w);
				continue;
			}
			for (k = 0; k < en->nfields; k++) {
				sf_xs_start(w, "oval-sc", "field", NULL);
				sf_xs_attr(w, "name", en->field_name);
				sf_xs_text(w, en->fields[k].text);
				sf_xs_end(w);
			}
		} else {
			if (!strcmp(en->name, "instance"))
				sf_xs_attr(w, "datatype", "int");
			sf_xs_text(w, en->value);
		}
		sf_xs_end(w);
	}
	sf_xs_end(w);
}

void sf_results_item_namespaces(xmlTextWriterPtr w, const sf_oval_engine *e)
{
	size_t i, k, j;
	int unix_sc = 0, xsi = 0;

	for (i = 0; i < e->nnodes; i++) {
		const sf_node *o = &e->nodes[i];

		if (!o->collected.done || !strstr(o->id, ":obj:"))
			continue;
		if (o->collected.nitems &&
		    !strcmp(item_prefix(o->node), "unix-sys"))
			unix_sc = 1;
		for (k = 0; k < o->collected.nitems; k++)
			for (j = 0; j < o->collected.items[k].nent; j++)
				if (o->collected.items[k].ent[j].nil)
					xsi = 1;
	}
	xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:ind-sys",
	                            BAD_CAST NS_IND_SC);
	/* the others only where an item needs them */
	if (unix_sc)
		xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:unix-sys",
		                            BAD_CAST NS_UNIX_SC);
	if (xsi)
		xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:xsi",
		                            BAD_CAST SF_NS_XSI);
}
