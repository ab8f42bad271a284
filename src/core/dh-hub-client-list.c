/* dh-hub-client-list.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-hub-client"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "dh-error.h"
#include "dh-hub-client.h"
#include "dh-hub-client-private.h"
#include "dh-repository-private.h"

/* ------------------------------------------------------------------ */
/* Paged listings                                                      */

typedef GObject *(*ItemParser) (JsonNode *node, GError **error);

/* 100,000 items: more than any namespace has, and bounded. */
#define MAX_PAGES 1000

typedef struct
{
  char         *url;        /* without page= */
  char         *what;
  GType         item_type;
  ItemParser    parse;
  DhHubItemScanner scan;    /* or NULL: json-glib only */
  GPtrArray    *pages;      /* index = page - 1; GPtrArray of items or NULL */
  char         *next;       /* `next` of the last page fetched */
  guint         n_pages;
  guint         n_pending;
  GError       *error;
  GCancellable *cancellable; /* cancels sibling pages on first error */
  GListStore   *into;       /* filled as pages come, or NULL */
  guint         n_shown;    /* pages already in @into */
} Listing;

static void
listing_free (Listing *listing)
{
  g_clear_pointer (&listing->url, g_free);
  g_clear_pointer (&listing->what, g_free);
  g_clear_pointer (&listing->pages, g_ptr_array_unref);
  g_clear_pointer (&listing->next, g_free);
  g_clear_error (&listing->error);
  g_clear_object (&listing->cancellable);
  g_clear_object (&listing->into);
  g_free (listing);
}

/* Moves the pages that have come, up to the first still under way, into
 * the store the caller shows: page 1 as soon as it is here, each later
 * page once those before it are, so the list only ever grows at its end
 * in the Hub's order. */
static void
listing_show_ready (Listing *listing)
{
  if (listing->into == NULL)
    return;

  while (listing->n_shown < listing->pages->len &&
         g_ptr_array_index (listing->pages, listing->n_shown) != NULL)
    {
      GPtrArray *items = g_ptr_array_index (listing->pages, listing->n_shown);

      g_list_store_splice (listing->into, g_list_model_get_n_items (G_LIST_MODEL (listing->into)), 0,
                           items->pdata, items->len);
      listing->n_shown++;
    }
}

static char *
page_url (Listing *listing,
          guint    page)
{
  return g_strdup_printf ("%s%cpage_size=%u&page=%u", listing->url,
                          strchr (listing->url, '?') ? '&' : '?', PAGE_SIZE, page);
}

/* Reads a page (`{"count":…,"next":…,"results":[…]}`) in one pass, as
 * parse_page() reads it through json-glib: the same items, count and
 * `next`. NULL: a shape it gives up on, or no page at all (then
 * parse_page() says what is wrong). */
GPtrArray *
_dh_hub_scan_page (GBytes            *body,
                   DhHubItemScanner   scan_item,
                   gint64            *count,
                   char             **next)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GString) buffer = g_string_sized_new (256);
  g_autofree char *next_text = NULL;
  gsize len = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &len) : NULL;
  DhJsonScanner scan;
  gboolean have_results = FALSE;
  gint64 page_count = -1;

  /* An empty body has no data at all. */
  if (data == NULL)
    return NULL;

  scan = (DhJsonScanner) { data, data + len, buffer };
  if (!_dh_json_scan_char (&scan, '{'))
    return NULL;

  if (!_dh_json_scan_char (&scan, '}'))
    {
      do
        {
          if (!_dh_json_scan_string (&scan) || !_dh_json_scan_char (&scan, ':'))
            return NULL;

          if (strcmp (buffer->str, "results") == 0)
            {
              /* The last of two counts, as in json-glib. */
              g_ptr_array_set_size (items, 0);
              if (!_dh_json_scan_char (&scan, '['))
                return NULL;
              if (!_dh_json_scan_char (&scan, ']'))
                {
                  do
                    {
                      if (!scan_item (&scan, items))
                        return NULL;
                    }
                  while (_dh_json_scan_char (&scan, ','));

                  if (!_dh_json_scan_char (&scan, ']'))
                    return NULL;
                }
              have_results = TRUE;
            }
          else if (strcmp (buffer->str, "count") == 0)
            {
              gboolean have;

              if (!_dh_json_scan_integer_or_skip (&scan, &page_count, &have))
                return NULL;
              if (!have)
                page_count = -1;
            }
          else if (strcmp (buffer->str, "next") == 0)
            {
              if (!_dh_json_scan_string_or_skip (&scan, &next_text))
                return NULL;
            }
          else if (!_dh_json_scan_skip_value (&scan, 1))
            return NULL;
        }
      while (_dh_json_scan_char (&scan, ','));

      if (!_dh_json_scan_char (&scan, '}'))
        return NULL;
    }

  if (!_dh_json_scan_at_end (&scan) || !have_results)
    return NULL;

  *count = page_count;
  if (next != NULL)
    *next = g_steal_pointer (&next_text);
  return g_steal_pointer (&items);
}

/* Parses one page; returns its items (or NULL with @error) and its count.
 * Runs in a worker thread but for page 1. */
static GPtrArray *
parse_page (ItemParser         parse,
            DhHubItemScanner   scan,
            GBytes            *body,
            gint64            *count,
            char             **next,
            GError           **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  JsonObject *object;
  JsonNode *results;
  JsonArray *array;
  GPtrArray *scanned;

  if (scan != NULL && (scanned = _dh_hub_scan_page (body, scan, count, next)))
    return scanned;

  if (!(object = _dh_hub_parse_json_object (body, &root, error)))
    return NULL;

  results = json_object_get_member (object, "results");
  if (results == NULL || !JSON_NODE_HOLDS_ARRAY (results))
    {
      g_set_error_literal (error, DH_ERROR, DH_ERROR_PROTOCOL,
                           _("Docker Hub sent a response Dockhand could not read: a list without results. Try again later."));
      return NULL;
    }

  if (!_dh_json_get_int (object, "count", count))
    *count = -1;

  if (next != NULL)
    *next = g_strdup (_dh_json_get_string (object, "next"));

  array = json_node_get_array (results);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      GObject *item = parse (json_array_get_element (array, i), NULL);

      /* One unreadable entry does not hide the others. */
      if (item != NULL)
        g_ptr_array_add (items, item);
    }

  return g_steal_pointer (&items);
}


/* The pages after the first, which come back together, are read in
 * worker threads, side by side and away from the main loop. A page of
 * 100 repositories takes the scanner ~0.2 ms, but a page it gives up on
 * (and every page of tags) takes json-glib ~1.5 ms. */
typedef struct
{
  ItemParser  parse;
  DhHubItemScanner scan;
  GBytes     *body;
  GPtrArray  *items;
  gint64      count;
  char       *next;
} PageParse;

static void
page_parse_free (PageParse *parse)
{
  g_clear_pointer (&parse->body, g_bytes_unref);
  g_clear_pointer (&parse->items, g_ptr_array_unref);
  g_clear_pointer (&parse->next, g_free);
  g_free (parse);
}

static void
parse_page_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  PageParse *parse = task_data;
  GError *error = NULL;

  parse->items = parse_page (parse->parse, parse->scan, parse->body, &parse->count, &parse->next, &error);
  if (parse->items == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
parse_page_async (ItemParser           parser,
                  DhHubItemScanner     scanner,
                  GBytes              *body,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, callback, user_data);
  PageParse *parse = g_new0 (PageParse, 1);

  parse->parse = parser;
  parse->scan = scanner;
  parse->body = body != NULL ? g_bytes_ref (body) : NULL;
  parse->count = -1;
  g_task_set_task_data (task, parse, (GDestroyNotify)page_parse_free);
  g_task_run_in_thread (task, parse_page_thread);
}

static GPtrArray *
parse_page_finish (GAsyncResult  *result,
                   gint64        *count,
                   char         **next,
                   GError       **error)
{
  PageParse *parse = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;

  *count = parse->count;
  *next = g_steal_pointer (&parse->next);
  return g_steal_pointer (&parse->items);
}

/* How many pages @count items take, at most MAX_PAGES: a count no
 * namespace has does not make the client ask for millions of pages. */
static guint
pages_for_count (gint64 count)
{
  gint64 n;

  if (count <= 0)
    return 1;

  n = count / PAGE_SIZE + (count % PAGE_SIZE != 0);
  return (guint)MIN (n, MAX_PAGES);
}

/* The Hub writes the count first (`{"count":1000,"next":…`). Read from
 * the raw body, it lets the other pages be asked for while page 1 is
 * still being parsed; the parsed count then corrects it, as it does a
 * remembered one. Anything else is -1, and waits for the parse. */
gint64
_dh_hub_peek_count (GBytes *body)
{
  static const char key[] = "\"count\"";
  gsize len = 0;
  const char *p = body ? g_bytes_get_data (body, &len) : NULL;
  const char *end;
  gint64 count = 0;
  guint digits = 0;

  if (p == NULL)
    return -1;
  end = p + len;

#define SKIP_SPACE() while (p < end && g_ascii_isspace (*p)) p++
  SKIP_SPACE ();
  if (p == end || *p++ != '{')
    return -1;
  SKIP_SPACE ();
  if ((gsize)(end - p) < sizeof key - 1 || memcmp (p, key, sizeof key - 1) != 0)
    return -1;
  p += sizeof key - 1;
  SKIP_SPACE ();
  if (p == end || *p++ != ':')
    return -1;
  SKIP_SPACE ();
  for (; p < end && g_ascii_isdigit (*p) && digits < 12; p++, digits++)
    count = count * 10 + (*p - '0');
  SKIP_SPACE ();
#undef SKIP_SPACE

  if (digits == 0 || digits == 12 || p == end || (*p != ',' && *p != '}'))
    return -1;

  return count;
}

static void listing_fetch_next (GTask *task);

static void
listing_complete (GTask *task)
{
  Listing *listing = g_task_get_task_data (task);
  g_autoptr(GListStore) store = NULL;

  if (listing->error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&listing->error));
      g_object_unref (task);
      return;
    }

  /* The count grew while we were reading: follow `next` to the end. */
  if (listing->next != NULL && *listing->next != '\0')
    {
      listing_fetch_next (task);
      return;
    }

  if (listing->into != NULL)
    {
      listing_show_ready (listing);
      g_task_return_pointer (task, g_object_ref (listing->into), g_object_unref);
      g_object_unref (task);
      return;
    }

  store = g_list_store_new (listing->item_type);
  for (guint i = 0; i < listing->pages->len; i++)
    {
      GPtrArray *items = g_ptr_array_index (listing->pages, i);

      if (items != NULL)
        g_list_store_splice (store, g_list_model_get_n_items (G_LIST_MODEL (store)), 0,
                             items->pdata, items->len);
    }

  g_task_return_pointer (task, g_steal_pointer (&store), g_object_unref);
  g_object_unref (task);
}

typedef struct
{
  GTask *task;
  guint  page;
} PageFetch;

/* Takes @items, @next and @error. */
static void
listing_page_done (PageFetch *fetch,
                   GPtrArray *items,
                   char      *next,
                   GError    *error)
{
  GTask *task = fetch->task;
  Listing *listing = g_task_get_task_data (task);

  if (fetch->page > listing->pages->len)
    {
      /* Asked for from memory or from a peeked count, past the end page
       * 1's count gives. */
      g_clear_pointer (&items, g_ptr_array_unref);
      g_clear_error (&error);
    }

  if (error != NULL && listing->error == NULL)
    {
      listing->error = g_steal_pointer (&error);
      g_cancellable_cancel (listing->cancellable);
    }
  else if (items != NULL)
    {
      g_clear_pointer (&g_ptr_array_index (listing->pages, fetch->page - 1), g_ptr_array_unref);
      g_ptr_array_index (listing->pages, fetch->page - 1) = g_steal_pointer (&items);
      if (fetch->page == listing->n_pages)
        {
          g_free (listing->next);
          listing->next = g_steal_pointer (&next);
        }
      listing_show_ready (listing);
    }

  g_clear_pointer (&items, g_ptr_array_unref);
  g_clear_error (&error);
  g_free (next);
  g_free (fetch);

  if (--listing->n_pending == 0)
    listing_complete (task);
}

static void
listing_page_parsed_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  GError *error = NULL;
  char *next = NULL;
  gint64 count;
  GPtrArray *items = parse_page_finish (result, &count, &next, &error);

  listing_page_done (user_data, items, next, error);
}

static void
listing_page_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  DhHubClient *self = DH_HUB_CLIENT (object);
  PageFetch *fetch = user_data;
  Listing *listing = g_task_get_task_data (fetch->task);
  GError *error = NULL;
  GPtrArray *items = NULL;
  GBytes *body = NULL;
  guint status;

  status = _dh_hub_client_call_finish (self, result, &body, NULL, &error);

  if (fetch->page > listing->pages->len)
    ;
  else if (status == SOUP_STATUS_OK)
    {
      parse_page_async (listing->parse, listing->scan, body, listing_page_parsed_cb, fetch);
      return;
    }
  else if (status == SOUP_STATUS_NOT_FOUND && fetch->page > 1)
    /* Past the end: the list shrank since the first page. */
    items = g_ptr_array_new_with_free_func (g_object_unref);
  else if (status != 0)
    error = _dh_hub_error_for_status (status, body, listing->what);

  listing_page_done (fetch, items, NULL, error);
}

static void
listing_fetch_page (GTask      *task,
                    guint       page,
                    const char *url)
{
  DhHubClient *self = g_task_get_source_object (task);
  Listing *listing = g_task_get_task_data (task);
  g_autofree char *own_url = NULL;
  PageFetch *fetch = g_new0 (PageFetch, 1);

  fetch->task = task;
  fetch->page = page;
  listing->n_pending++;

  if (url == NULL)
    url = own_url = page_url (listing, page);

  _dh_hub_client_call_async (self, "GET", url, NULL, CALL_AUTH, listing->cancellable,
                             listing_page_cb, fetch);
}

static gboolean
next_url_is_ours (DhHubClient *self,
                  const char  *next)
{
  /* `next` is absolute; follow it only on the same server, so that a
   * bearer token never goes anywhere else. */
  return g_str_has_prefix (next, self->base_url) &&
         (next[strlen (self->base_url)] == '/' || next[strlen (self->base_url)] == '\0');
}

static void
listing_fetch_next (GTask *task)
{
  DhHubClient *self = g_task_get_source_object (task);
  Listing *listing = g_task_get_task_data (task);
  g_autofree char *next = g_steal_pointer (&listing->next);

  if (!next_url_is_ours (self, next))
    {
      listing->error = g_error_new (DH_ERROR, DH_ERROR_PROTOCOL,
                                    _("Docker Hub sent a response Dockhand could not read: the next page is on another server "
                                    "(%s). Try again later."), next);
      listing_complete (task);
      return;
    }

  if (listing->pages->len >= MAX_PAGES)
    {
      listing->error = g_error_new (DH_ERROR, DH_ERROR_PROTOCOL,
                                    _("Docker Hub kept sending more pages when asked to %s: Dockhand stopped after %u "
                                      "pages of %u. Try again later."),
                                    listing->what, MAX_PAGES, PAGE_SIZE);
      listing_complete (task);
      return;
    }

  g_ptr_array_add (listing->pages, NULL);
  listing->n_pages = listing->pages->len;
  listing_fetch_page (task, listing->n_pages, next);
}

/* Takes @items, @next and @error. */
static void
listing_first_done (DhHubClient *self,
                    GTask       *task,
                    GPtrArray   *items,
                    gint64       count,
                    char        *next,
                    GError      *error)
{
  Listing *listing = g_task_get_task_data (task);
  guint n_pages;
  guint asked;

  if (items == NULL)
    {
      if (listing->error == NULL)
        listing->error = g_steal_pointer (&error);
      g_clear_error (&error);
      g_free (next);
      g_cancellable_cancel (listing->cancellable);
      g_hash_table_remove (self->page_counts, listing->url);
      if (--listing->n_pending == 0)
        listing_complete (task);
      return;
    }

  /* No count: walk `next` one page at a time. */
  n_pages = count < 0 ? 1 : pages_for_count (count);
  if (count < 0)
    g_hash_table_remove (self->page_counts, listing->url);
  else
    g_hash_table_replace (self->page_counts, g_strdup (listing->url), GUINT_TO_POINTER (n_pages));

  asked = listing->pages->len;
  g_ptr_array_index (listing->pages, 0) = items;

  if (n_pages != asked)
    {
      /* The list changed since the pages were asked for from memory (or
       * the peeked count was not the count): pages past the end are
       * dropped as they come, the missing ones are asked for now, all at
       * once. */
      g_ptr_array_set_size (listing->pages, n_pages);
      g_clear_pointer (&listing->next, g_free);
      for (guint page = asked + 1; page <= n_pages; page++)
        listing_fetch_page (task, page, NULL);
    }
  listing->n_pages = n_pages;

  if (n_pages == 1)
    {
      g_free (listing->next);
      listing->next = next;
    }
  else
    g_free (next);

  listing_show_ready (listing);

  if (--listing->n_pending == 0)
    listing_complete (task);
}

static void
listing_first_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  DhHubClient *self = DH_HUB_CLIENT (object);
  GTask *task = user_data;
  Listing *listing = g_task_get_task_data (task);
  GPtrArray *items = NULL;
  GError *error = NULL;
  GBytes *body = NULL;
  char *next = NULL;
  gint64 count = -1;
  guint status;

  status = _dh_hub_client_call_finish (self, result, &body, NULL, &error);
  if (status == SOUP_STATUS_OK)
    {
      guint peeked = pages_for_count (_dh_hub_peek_count (body));

      /* Ask for the rest now; page 1's parsed count corrects it. */
      if (peeked > listing->pages->len && !g_cancellable_is_cancelled (listing->cancellable))
        {
          guint asked = listing->pages->len;

          g_ptr_array_set_size (listing->pages, peeked);
          listing->n_pages = peeked;
          for (guint page = asked + 1; page <= peeked; page++)
            listing_fetch_page (task, page, NULL);
        }
      /* Parsed here, not in a worker: it is what shows first, and when
       * every page was asked for at once, the workers are busy with the
       * others. */
      items = parse_page (listing->parse, listing->scan, body, &count, &next, &error);
      listing_first_done (self, task, items, count, next, error);
      return;
    }
  if (status != 0)
    error = _dh_hub_error_for_status (status, body, listing->what);

  listing_first_done (self, task, NULL, -1, NULL, error);
}

static void
page_free (gpointer data)
{
  if (data != NULL)
    g_ptr_array_unref (data);
}

/* Page 1 gives the count; every other page is then asked for at once.
 * A listing this client has made before (the same URL, the same account)
 * asks for as many pages as it had then together with page 1, so that a
 * refresh takes one round trip, not two; page 1's count corrects it. */
static void
listing_start (DhHubClient         *self,
               char                *url,
               const char          *what,
               GType                item_type,
               ItemParser           parse,
               DhHubItemScanner     scan,
               GListStore          *into,
               gpointer             source_tag,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  GTask *task;
  Listing *listing;
  g_autofree char *first = NULL;
  guint remembered;

  listing = g_new0 (Listing, 1);
  listing->url = url;
  listing->what = g_strdup (what);
  listing->item_type = item_type;
  listing->parse = parse;
  listing->scan = scan;
  listing->pages = g_ptr_array_new_with_free_func (page_free);
  listing->cancellable = g_cancellable_new ();
  listing->into = into != NULL ? g_object_ref (into) : NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, listing, (GDestroyNotify)listing_free);

  if (cancellable != NULL)
    {
      g_signal_connect_object (cancellable, "cancelled",
                               G_CALLBACK (g_cancellable_cancel), listing->cancellable,
                               G_CONNECT_SWAPPED);
      if (g_cancellable_is_cancelled (cancellable))
        g_cancellable_cancel (listing->cancellable);
    }

  remembered = GPOINTER_TO_UINT (g_hash_table_lookup (self->page_counts, url));
  listing->n_pages = MAX (1, remembered);
  g_ptr_array_set_size (listing->pages, listing->n_pages);

  first = page_url (listing, 1);
  listing->n_pending++;
  _dh_hub_client_call_async (self, "GET", first, NULL, CALL_AUTH, listing->cancellable,
                             listing_first_cb, task);

  for (guint page = 2; page <= listing->n_pages; page++)
    listing_fetch_page (task, page, NULL);
}

gboolean
_dh_hub_check_names (GTask      *task,
                     const char *namespace_,
                     const char *name)
{
  if (namespace_ == NULL || *namespace_ == '\0' || strchr (namespace_, '/') != NULL ||
      (name != NULL && (*name == '\0' || strchr (name, '/') != NULL)))
    {
      g_task_return_new_error (task, DH_ERROR, DH_ERROR_INVALID_REFERENCE,
                               _("“%s%s%s” is not a Docker Hub repository name. Use "
                               "namespace/name, for example alice/app."),
                               namespace_ ? namespace_ : "", name ? "/" : "", name ? name : "");
      return FALSE;
    }

  return TRUE;
}

void
dh_hub_client_list_repositories_into_async (DhHubClient         *self,
                                            const char          *namespace_,
                                            const char          *ordering,
                                            GListStore          *into,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  static const char * const orderings[] = {
    "name", "-name", "last_updated", "-last_updated", "pull_count", "-pull_count", NULL
  };
  g_autofree char *ns = NULL;
  char *url;
  g_autofree char *what = NULL;

  g_return_if_fail (DH_IS_HUB_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (!into || (G_IS_LIST_STORE (into) &&
                              g_list_model_get_item_type (G_LIST_MODEL (into)) == DH_TYPE_REPOSITORY));

  if (!namespace_ || !*namespace_ || strchr (namespace_, '/') ||
      (ordering != NULL && !g_strv_contains (orderings, ordering)))
    {
      g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

      g_task_set_source_tag (task, dh_hub_client_list_repositories_async);
      if (_dh_hub_check_names (task, namespace_, NULL))
        g_task_return_new_error (task, DH_ERROR, DH_ERROR_FAILED,
                                 _("Cannot sort repositories by “%s”."), ordering);
      return;
    }

  ns = _dh_hub_escape (namespace_);
  if (ordering != NULL)
    url = _dh_hub_client_url (self, "/v2/namespaces/%s/repositories?ordering=%s", ns, ordering);
  else
    url = _dh_hub_client_url (self, "/v2/namespaces/%s/repositories", ns);
  what = g_strdup_printf (_("list the repositories of %s"), namespace_);

  listing_start (self, url, what, DH_TYPE_REPOSITORY,
                 (ItemParser)dh_repository_new_from_json, _dh_repository_scan, into,
                 dh_hub_client_list_repositories_async,
                 cancellable, callback, user_data);
}

void
dh_hub_client_list_repositories_async (DhHubClient         *self,
                                       const char          *namespace_,
                                       const char          *ordering,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  dh_hub_client_list_repositories_into_async (self, namespace_, ordering, NULL,
                                              cancellable, callback, user_data);
}

/**
 * dh_hub_client_list_repositories_finish:
 *
 * Returns: (transfer full): a #GListModel of #DhRepository in the Hub's order.
 */
GListModel *
dh_hub_client_list_repositories_finish (DhHubClient   *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (DH_IS_HUB_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
dh_hub_client_list_tags_async (DhHubClient         *self,
                               const char          *namespace_,
                               const char          *name,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autofree char *ns = NULL;
  g_autofree char *repo = NULL;
  g_autofree char *what = NULL;

  g_return_if_fail (DH_IS_HUB_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  if (!namespace_ || !*namespace_ || strchr (namespace_, '/') || !name || !*name || strchr (name, '/'))
    {
      g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

      g_task_set_source_tag (task, dh_hub_client_list_tags_async);
      _dh_hub_check_names (task, namespace_, name ? name : "");
      return;
    }

  ns = _dh_hub_escape (namespace_);
  repo = _dh_hub_escape (name);
  what = g_strdup_printf (_("list the tags of %s/%s"), namespace_, name);

  listing_start (self,
                 _dh_hub_client_url (self, "/v2/namespaces/%s/repositories/%s/tags", ns, repo),
                 what, DH_TYPE_HUB_TAG, (ItemParser)dh_hub_tag_new_from_json, NULL, NULL,
                 dh_hub_client_list_tags_async, cancellable, callback, user_data);
}

/**
 * dh_hub_client_list_tags_finish:
 *
 * Returns: (transfer full): a #GListModel of #DhHubTag.
 */
GListModel *
dh_hub_client_list_tags_finish (DhHubClient   *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (DH_IS_HUB_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
