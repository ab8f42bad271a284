/* dh-images-page.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-images-page"

#include "config.h"

#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <glib/gi18n.h>

#include "dh-app-session.h"
#include "dh-application.h"
#include "dh-engine-gate.h"
#include "dh-error.h"
#include "dh-format.h"
#include "dh-image-row.h"
#include "dh-images-page.h"
#include "dh-navigate.h"
#include "dh-tooltip.h"

struct _DhImagesPage
{
  GtkWidget            parent_instance;

  /* Owned references */
  /* The session's engine and its one images model: read from it each
   * time, never copied here. */
  DhSession           *session;
  DhImageList         *image_list;
  GSignalGroup        *session_signals;
  GSignalGroup        *list_signals;
  GCancellable        *cancellable;
  char                *search_text;
  const char          *state;
  guint                updating_entry : 1;
  guint                told_first_frame : 1;
  guint                showing_all : 1;
  guint                tell_first_frame : 1;  /* waiting for a frame clock */
  guint                show_all_pending : 1;  /* waiting for a frame clock */
  /* What each column needs (dh_images_page_size_columns()), by column
   * position; 0 before the font is known. */
  int                  column_widths[6];
  /* Widths the user gave columns by dragging their edges, or 0. */
  int                  user_widths[6];
  /* The list's width the columns were last shared out for. */
  int                  shared_width;
  guint                sharing : 1;
  /* The image list, cut to a screenful until the list is first painted. */
  GtkSliceListModel   *first_screen;

  /* Template widgets */
  GtkSearchBar        *search_bar;
  GtkSearchEntry      *search_entry;
  GtkStack            *stack;
  AdwStatusPage       *loading_page;
  GtkSpinner          *spinner;
  AdwStatusPage       *no_engine_page;
  GtkLabel            *no_engine_detail;
  AdwStatusPage       *stopped_page;
  AdwActionRow        *stopped_command_row;
  GtkButton           *stopped_copy_button;
  GtkLabel            *stopped_detail;
  AdwStatusPage       *error_page;
  GtkColumnView       *column_view;
  GtkScrolledWindow   *header_scroller;
  GtkScrolledWindow   *list_scroller;
  GtkListView         *list_view;
  GtkSingleSelection  *selection;
  GtkSortListModel    *sort_model;
  GtkFilterListModel  *filter_model;
  GtkColumnViewColumn *repository_column;
  GtkColumnViewColumn *tags_column;
  GtkColumnViewColumn *registry_column;
  GtkColumnViewColumn *id_column;
  GtkColumnViewColumn *size_column;
  GtkColumnViewColumn *created_column;
  GtkActionBar        *action_bar;
  GtkLabel            *selection_label;
  GtkButton           *tag_button;
  GtkButton           *push_button;
  GtkButton           *publish_button;
};

enum {
  PROP_0,
  PROP_SESSION,
  PROP_SEARCH_MODE_ENABLED,
  PROP_STATE,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (DhImagesPage, dh_images_page, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

/* Errors that mean "nothing answers at the engine's address". */
static gboolean
is_no_engine_error (const GError *error)
{
  return g_error_matches (error, DH_ERROR, DH_ERROR_NO_ENGINE) ||
         g_error_matches (error, DH_ERROR, DH_ERROR_ENGINE_GONE) ||
         error->domain == G_IO_ERROR ||
         error->domain == G_RESOLVER_ERROR;
}

/* The list view builds about 200 rows for any list that long (GTK 4.8),
 * which takes longer than a frame: the first frame
 * shows a screenful, the rest follows once it is painted. */
#define FIRST_SCREEN_ITEMS 24

/* Reading the listing and building the rows leave megabytes of freed
 * memory that glibc keeps in the heap (for 2,000 images, more than the
 * images themselves take): hand it back once the list is in. */
static gboolean
trim_heap_cb (gpointer user_data)
{
#ifdef __GLIBC__
  malloc_trim (0);
#endif
  return G_SOURCE_REMOVE;
}

static void
show_all_cb (GdkFrameClock *clock,
             DhImagesPage  *self)
{
  if (clock != NULL)
    g_signal_handlers_disconnect_by_func (clock, show_all_cb, self);
  gtk_slice_list_model_set_size (self->first_screen, G_MAXUINT);
  /* Once the rest is built and painted too. */
  g_timeout_add_seconds_full (G_PRIORITY_LOW, 1, trim_heap_cb, NULL, NULL);
}

/* For bench-startup (G_MESSAGES_DEBUG=dh-images-page). */
static void
first_list_frame_cb (GdkFrameClock *clock,
                     DhImagesPage  *self)
{
  g_signal_handlers_disconnect_by_func (clock, first_list_frame_cb, self);
  g_debug ("First frame showing the image list (%u images)",
           self->image_list ? g_list_model_get_n_items (G_LIST_MODEL (self->image_list)) : 0);
}

/* What waits for the first frame that shows the list, hooked to the
 * frame clock once there is one: the window may not be on screen yet
 * when the list is in (it waits for the first listing, see
 * dh-application.c); "realize" calls this again. */
static void
dh_images_page_watch_first_frame (DhImagesPage *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (clock == NULL)
    return;

  if (self->tell_first_frame)
    {
      self->tell_first_frame = FALSE;
      g_signal_connect_object (clock, "after-paint", G_CALLBACK (first_list_frame_cb), self, 0);
    }
  if (self->show_all_pending)
    {
      self->show_all_pending = FALSE;
      g_signal_connect_object (clock, "after-paint", G_CALLBACK (show_all_cb), self, G_CONNECT_AFTER);
    }
}

static void
dh_images_page_set_state (DhImagesPage *self,
                          const char   *state)
{
  g_assert (DH_IS_IMAGES_PAGE (self));

  gtk_spinner_set_spinning (self->spinner, g_str_equal (state, "loading"));
  gtk_stack_set_visible_child_name (self->stack, state);

  if (g_strcmp0 (self->state, state) == 0)
    return;

  self->state = g_intern_string (state);

  if (!self->told_first_frame && g_str_equal (state, "images"))
    {
      self->told_first_frame = TRUE;
      self->tell_first_frame = TRUE;
    }

  /* The list is in: the rest of it once the first frame that shows it is
   * painted (also when a search matches nothing in the screenful). */
  if (!self->showing_all && (g_str_equal (state, "images") || g_str_equal (state, "no-results")))
    {
      self->showing_all = TRUE;
      self->show_all_pending = TRUE;
    }

  dh_images_page_watch_first_frame (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
dh_images_page_show_error (DhImagesPage *self,
                           const char   *title,
                           const GError *error)
{
  g_autofree char *escaped = g_markup_escape_text (error->message, -1);

  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, escaped);
  dh_images_page_set_state (self, "error");
}

/* An engine that was connected and stopped: what to start is decided
 * from the kind it was. */
static void
dh_images_page_show_stopped (DhImagesPage *self,
                             DhEngineKind  kind,
                             const GError *error)
{
  const char *command;

  if (kind == DH_ENGINE_KIND_PODMAN)
    {
      command = "systemctl --user start podman.socket";
      adw_status_page_set_description (self->stopped_page,
                                       _("Podman stopped while Dockhand was showing its images. "
                                         "Start it again: the images come back by themselves as "
                                         "soon as it answers."));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->stopped_command_row), _("Start Podman"));
    }
  else
    {
      command = "sudo systemctl start docker";
      adw_status_page_set_description (self->stopped_page,
                                       _("Docker stopped while Dockhand was showing its images. "
                                         "Start it again: the images come back by themselves as "
                                         "soon as it answers."));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->stopped_command_row), _("Start Docker"));
    }

  adw_action_row_set_subtitle (self->stopped_command_row, command);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->stopped_copy_button),
                                          g_variant_new_string (command));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->stopped_copy_button), "images.copy-text");

  gtk_label_set_text (self->stopped_detail, error != NULL ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->stopped_detail), error != NULL);
  dh_images_page_set_state (self, "engine-stopped");
}

static void
dh_images_page_update_state (DhImagesPage *self)
{
  DhEngineState engine_state = DH_ENGINE_STATE_CONNECTING;
  DhEngineKind last_kind = DH_ENGINE_KIND_UNKNOWN;
  const GError *engine_error = NULL;
  const GError *list_error = NULL;
  guint n_images = 0;
  gboolean loading = FALSE;

  g_assert (DH_IS_IMAGES_PAGE (self));

  if (self->session != NULL)
    {
      engine_state = dh_session_get_engine_state (self->session);
      engine_error = dh_session_get_engine_error (self->session);
      last_kind = dh_session_get_last_engine_kind (self->session);
    }

  if (self->image_list != NULL)
    {
      n_images = g_list_model_get_n_items (G_LIST_MODEL (self->image_list));
      list_error = dh_image_list_get_error (self->image_list);
      loading = dh_image_list_get_loading (self->image_list);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "images.refresh",
                                 engine_state == DH_ENGINE_STATE_CONNECTED);

  if (engine_state == DH_ENGINE_STATE_CONNECTING)
    {
      const char *title;

      /* Try Again after a loss: say it is the same engine looked for. */
      if (last_kind == DH_ENGINE_KIND_DOCKER)
        title = _("Looking for Docker Again…");
      else if (last_kind == DH_ENGINE_KIND_PODMAN)
        title = _("Looking for Podman Again…");
      else
        title = _("Looking for a Container Engine…");

      adw_status_page_set_title (self->loading_page, title);
      dh_images_page_set_state (self, "loading");
      return;
    }

  if (engine_state == DH_ENGINE_STATE_LOST)
    {
      if (engine_error != NULL && !is_no_engine_error (engine_error))
        {
          dh_images_page_show_error (self, _("Cannot Use the Container Engine"), engine_error);
          return;
        }

      if (last_kind != DH_ENGINE_KIND_UNKNOWN)
        {
          dh_images_page_show_stopped (self, last_kind, engine_error);
          return;
        }

      gtk_label_set_text (self->no_engine_detail, engine_error != NULL ? engine_error->message : "");
      gtk_widget_set_visible (GTK_WIDGET (self->no_engine_detail), engine_error != NULL);
      dh_images_page_set_state (self, "no-engine");
      return;
    }

  if (n_images == 0 && list_error != NULL)
    {
      if (is_no_engine_error (list_error))
        {
          gtk_label_set_text (self->no_engine_detail, list_error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->no_engine_detail), TRUE);
          dh_images_page_set_state (self, "no-engine");
        }
      else
        {
          dh_images_page_show_error (self, _("Could Not List Images"), list_error);
        }
      return;
    }

  /* The session's list is loading from the moment it has an engine
   * until its first listing: before that, "no images" is not known. */
  if (n_images == 0 && loading)
    {
      adw_status_page_set_title (self->loading_page, _("Loading Images…"));
      dh_images_page_set_state (self, "loading");
      return;
    }

  if (n_images == 0)
    {
      dh_images_page_set_state (self, "empty");
      return;
    }

  if (g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)) == 0)
    {
      /* Without a search the filter lets every image through: it has not
       * seen the new ones yet, and says so right after. */
      if (self->search_text != NULL && self->search_text[0] != '\0')
        dh_images_page_set_state (self, "no-results");
      return;
    }

  dh_images_page_set_state (self, "images");
}

static void dh_images_page_apply_column_widths (DhImagesPage *self);
static void dh_images_page_measure (GtkWidget      *widget,
                                    GtkOrientation  orientation,
                                    int             for_size,
                                    int            *minimum,
                                    int            *natural,
                                    int            *minimum_baseline,
                                    int            *natural_baseline);
static void dh_images_page_size_allocate (GtkWidget *widget,
                                          int        width,
                                          int        height,
                                          int        baseline);
static void dh_images_page_foreach_row (DhImagesPage *self,
                                        void        (*func) (DhImageRow *row, gpointer data),
                                        gpointer      data);
static void row_show_badge (DhImageRow *row,
                            gpointer    data);

/* The Registry column holds the publication badges: it shows when some
 * tag has one, so that an empty column does not ask what it is for. */
static void
dh_images_page_update_registry_column (DhImagesPage *self)
{
  DhPublicationTracker *tracker = dh_session_get_publications (dh_app_session ());
  gboolean any = dh_publication_tracker_has_publications (tracker);

  if (gtk_column_view_column_get_visible (self->registry_column) != any)
    {
      /* The rows have badges only while the column shows: they would
       * be bound as the rows are. */
      gtk_column_view_column_set_visible (self->registry_column, any);
      dh_images_page_foreach_row (self, row_show_badge, GINT_TO_POINTER (any));
      dh_images_page_apply_column_widths (self);
    }
}

static void
list_changed_cb (DhImagesPage *self)
{
  dh_images_page_update_state (self);
  dh_images_page_update_registry_column (self);
}

/* With images on screen a failed refresh keeps them and says why in a
 * toast; without, the error page says it. */
static void
list_error_cb (DhImagesPage *self)
{
  const GError *error;

  dh_images_page_update_state (self);

  if (self->image_list == NULL ||
      (error = dh_image_list_get_error (self->image_list)) == NULL ||
      g_list_model_get_n_items (G_LIST_MODEL (self->image_list)) == 0)
    return;

  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
}

static gboolean
filter_image (gpointer item,
              gpointer user_data)
{
  DhImagesPage *self = user_data;
  DhImage *image = item;
  const char * const *tags;
  g_autofree char *id = NULL;

  if (self->search_text == NULL || self->search_text[0] == '\0')
    return TRUE;

  tags = dh_image_get_tags (image);
  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      g_autofree char *folded = g_utf8_casefold (tags[i], -1);

      if (strstr (folded, self->search_text) != NULL)
        return TRUE;
    }

  /* Match the ID without its "sha256:" prefix, as people copy it from
   * `docker images` output. */
  id = g_ascii_strdown (dh_image_get_id (image) ? dh_image_get_id (image) : "", -1);
  if (g_str_has_prefix (id, "sha256:") && !g_str_has_prefix (self->search_text, "sha256:"))
    return strstr (id + strlen ("sha256:"), self->search_text) != NULL;

  return strstr (id, self->search_text) != NULL;
}

static int
compare_images (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  return dh_image_field_compare ((DhImage *)a, (DhImage *)b, GPOINTER_TO_INT (user_data));
}

/* GTK 4.8 redraws the arrow of the column a sort now starts from, not the
 * arrow of the one it replaces (4.10 does), so the header showed two.
 * Setting a column's title again makes its header draw its arrow from
 * the sorter, in the same frame. */
static void
sort_changed_cb (GtkSorter       *sorter,
                 GtkSorterChange  change,
                 DhImagesPage    *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->column_view);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      g_autofree char *title = g_strdup (gtk_column_view_column_get_title (column));

      gtk_column_view_column_set_title (column, NULL);
      gtk_column_view_column_set_title (column, title);
    }
}

static void
set_column_sorter (GtkColumnViewColumn *column,
                   DhImageField         field)
{
  g_autoptr(GtkSorter) sorter = NULL;

  sorter = GTK_SORTER (gtk_custom_sorter_new (compare_images, GINT_TO_POINTER (field), NULL));
  gtk_column_view_column_set_sorter (column, sorter);
}

static void
search_changed_cb (DhImagesPage   *self,
                   GtkSearchEntry *entry)
{
  g_assert (DH_IS_IMAGES_PAGE (self));

  if (self->updating_entry)
    return;

  dh_images_page_set_search_text (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
stop_search_cb (DhImagesPage   *self,
                GtkSearchEntry *entry)
{
  g_assert (DH_IS_IMAGES_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

static void
refresh_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DhImagesPage) self = user_data;
  g_autoptr(GError) error = NULL;

  /* Failures land in the list's "error" property, which the page shows. */
  if (!dh_image_list_refresh_finish (DH_IMAGE_LIST (object), result, &error))
    g_debug ("Refreshing images failed: %s", error->message);
}

void
dh_images_page_refresh (DhImagesPage *self)
{
  g_return_if_fail (DH_IS_IMAGES_PAGE (self));

  if (self->image_list == NULL || dh_image_list_get_engine (self->image_list) == NULL)
    return;

  dh_image_list_refresh_async (self->image_list,
                               self->cancellable,
                               refresh_cb,
                               g_object_ref (self));
}

static void
dh_images_page_refresh_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *param)
{
  dh_images_page_refresh (DH_IMAGES_PAGE (widget));
}

static void
dh_images_page_try_again_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *param)
{
  DhImagesPage *self = DH_IMAGES_PAGE (widget);

  /* An engine that went away is looked for again now, not at the next
   * background retry; a listing that failed is asked again. */
  if (self->session != NULL && !dh_engine_gate_is_open (self->session))
    dh_session_retry_engine (self->session);
  else if (self->image_list != NULL)
    dh_images_page_refresh (self);
}

static void
dh_images_page_search_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *param)
{
  DhImagesPage *self = DH_IMAGES_PAGE (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
dh_images_page_copy_text_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *param)
{
  const char *text = g_variant_get_string (param, NULL);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  gtk_widget_activate_action (widget, "win.toast", "s", _("Copied to clipboard"));
}

static void
dh_images_page_copy_id_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *param)
{
  DhImagesPage *self = DH_IMAGES_PAGE (widget);
  DhImage *image = dh_images_page_get_selected (self);

  if (image == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), dh_image_get_id (image));
  gtk_widget_activate_action (widget, "win.toast", "s", _("Image ID copied to clipboard"));
}

/* The bar under the list says what is selected, or how many images
 * there are and the space they take. */
static void
dh_images_page_update_summary (DhImagesPage *self)
{
  DhImage *image = dh_images_page_get_selected (self);
  GListModel *shown = G_LIST_MODEL (self->selection);
  g_autofree char *text = NULL;
  g_autofree char *size = NULL;
  guint n;
  gint64 total = 0;

  if (image != NULL)
    {
      const char * const *tags = dh_image_get_tags (image);

      gtk_label_set_text (self->selection_label,
                          tags != NULL && tags[0] != NULL ? tags[0] : dh_image_get_short_id (image));
      return;
    }

  n = g_list_model_get_n_items (shown);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DhImage) item = g_list_model_get_item (shown, i);

      total += dh_image_get_size (item);
    }

  /* Layers shared between images are counted once per image, as
   * `docker images` does; say "up to". */
  size = g_format_size (total);
  if (n == 0)
    text = g_strdup ("");
  else
    /* The buttons beside it wait for a choice: say so. */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u image, up to %s. Select it to tag, push or remove it.",
                                         "%u images, up to %s. Select one to tag, push or remove it.", n),
                            n, size);
  gtk_label_set_text (self->selection_label, text);
}

/* The whole summary, where the action bar's buttons leave it too little
 * room (two lines, then an ellipsis, in German at the default width). */
static char *
selection_label_tooltip (GtkWidget *widget)
{
  GtkLabel *label = GTK_LABEL (widget);

  if (!pango_layout_is_ellipsized (gtk_label_get_layout (label)))
    return NULL;
  return g_strdup (gtk_label_get_text (label));
}

static void
selection_changed_cb (DhImagesPage *self)
{
  DhImage *image = dh_images_page_get_selected (self);
  gboolean selected = image != NULL;
  gboolean connected = self->session != NULL && dh_engine_gate_is_open (self->session);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "images.copy-id", selected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "images.details", selected && connected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "images.remove", selected && connected);
  dh_images_page_update_summary (self);
}

static void
dh_images_page_details_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *param)
{
  DhImagesPage *self = DH_IMAGES_PAGE (widget);
  DhImage *image = dh_images_page_get_selected (self);

  if (image == NULL || self->session == NULL || dh_session_get_engine (self->session) == NULL)
    return;

  dh_navigate (widget, "win.show-image", g_variant_new_string (dh_image_get_id (image)));
}

static void
activate_cb (DhImagesPage *self,
             guint         position,
             GtkListView  *list_view)
{
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self), "images.details", NULL);
}

/* The image of the row holding @widget (a list row, or a widget in
 * one): its child is a DhImageRow. */
static DhImage *
focused_row_image (GtkWidget *widget,
                   GtkWidget *list_view)
{
  for (; widget != NULL && widget != list_view; widget = gtk_widget_get_parent (widget))
    {
      GtkWidget *child = gtk_widget_get_first_child (widget);

      if (DH_IS_IMAGE_ROW (widget))
        return dh_image_row_get_image (DH_IMAGE_ROW (widget));
      if (child != NULL && DH_IS_IMAGE_ROW (child))
        return dh_image_row_get_image (DH_IMAGE_ROW (child));
    }

  return NULL;
}

/* Space selects the focused row, as in a file chooser; GTK's own binding
 * toggles it, so a second Space (or one on the selected row) would
 * unselect what the learner meant to pick. */
static gboolean
list_view_key_pressed_cb (DhImagesPage          *self,
                          guint                  keyval,
                          guint                  keycode,
                          GdkModifierType        state,
                          GtkEventControllerKey *controller)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GListModel *model = G_LIST_MODEL (self->selection);
  GtkWidget *focus;
  DhImage *image;

  if ((keyval != GDK_KEY_space && keyval != GDK_KEY_KP_Space) ||
      (state & gtk_accelerator_get_default_mod_mask ()) != 0 || root == NULL)
    return FALSE;

  focus = gtk_root_get_focus (root);
  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->list_view)))
    return FALSE;

  image = focused_row_image (focus, GTK_WIDGET (self->list_view));
  if (image == NULL)
    return FALSE;

  for (guint i = 0, n = g_list_model_get_n_items (model); i < n; i++)
    {
      g_autoptr(DhImage) item = g_list_model_get_item (model, i);

      if (item == image)
        {
          gtk_single_selection_set_selected (self->selection, i);
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
show_command_equivalents (DhImagesPage *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));

  if (!DH_IS_APPLICATION (app))
    return FALSE;

  return g_settings_get_boolean (dh_application_get_settings (DH_APPLICATION (app)),
                                 "show-command-equivalents");
}

/* Removing an image with several names removes each name, as
 * `docker rmi a b c` does: the last one deletes the image. */
typedef struct
{
  DhImagesPage *self;
  DhEngine     *engine;
  GStrv         names;
  guint         next;
  char         *label;
} RemoveOp;

static void
remove_op_free (RemoveOp *op)
{
  g_clear_object (&op->self);
  g_clear_object (&op->engine);
  g_clear_pointer (&op->names, g_strfreev);
  g_clear_pointer (&op->label, g_free);
  g_free (op);
}

static void remove_next (RemoveOp *op);

static void
show_remove_error (DhImagesPage *self,
                   const char   *label,
                   const GError *error)
{
  g_autofree char *heading = g_strdup_printf (_("Could Not Remove %s"), label);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (g_error_matches (error, DH_ERROR, DH_ERROR_CONFLICT))
    body = g_strdup_printf ("%s\n\n%s", error->message,
                            _("A container still uses this image. Remove the container first "
                              "(find it with “docker ps -a”), then try again."));
  else
    body = g_strdup (error->message);

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
remove_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  RemoveOp *op = user_data;
  g_autoptr(GError) error = NULL;

  if (!dh_engine_remove_finish (DH_ENGINE (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_remove_error (op->self, op->label, error);
      dh_images_page_refresh (op->self);
      remove_op_free (op);
      return;
    }

  remove_next (op);
}

static void
remove_next (RemoveOp *op)
{
  if (op->names[op->next] == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Removed %s"), op->label);

      gtk_widget_activate_action (GTK_WIDGET (op->self), "win.toast", "s", message);
      dh_images_page_refresh (op->self);
      remove_op_free (op);
      return;
    }

  dh_engine_remove_async (op->engine,
                          op->names[op->next++],
                          FALSE,
                          op->self->cancellable,
                          remove_cb,
                          op);
}

static void
remove_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    RemoveOp         *op)
{
  if (g_strcmp0 (response, "remove") != 0)
    {
      remove_op_free (op);
      return;
    }

  remove_next (op);
}

static void
dh_images_page_remove_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *param)
{
  DhImagesPage *self = DH_IMAGES_PAGE (widget);
  DhImage *image = dh_images_page_get_selected (self);
  const char * const *tags;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  RemoveOp *op;
  DhEngine *engine;
  guint n_tags;

  if (image == NULL || self->session == NULL ||
      !(engine = dh_session_get_engine (self->session)))
    return;

  tags = dh_image_get_tags (image);
  n_tags = tags != NULL ? g_strv_length ((char **)tags) : 0;

  op = g_new0 (RemoveOp, 1);
  op->self = g_object_ref (self);
  op->engine = g_object_ref (engine);

  if (n_tags == 0)
    {
      op->names = g_new0 (char *, 2);
      op->names[0] = g_strdup (dh_image_get_id (image));
      op->label = g_strdup (dh_image_get_short_id (image));
    }
  else
    {
      op->names = g_strdupv ((char **)tags);
      op->label = g_strdup (tags[0]);
    }

  heading = g_strdup_printf (_("Remove %s?"), op->label);
  if (n_tags > 1)
    {
      g_autofree char *names = g_strjoinv (", ", (char **)tags);

      body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "This image has %u name: %s. It is removed, then the image "
                                           "is deleted from this computer. Copies pushed to a registry "
                                           "are not affected.",
                                           "This image has %u names: %s. All of them are removed, then "
                                           "the image is deleted from this computer. Copies pushed to a "
                                           "registry are not affected.", n_tags),
                              n_tags, names);
    }
  else
    body = g_strdup (_("The image is deleted from this computer. Copies pushed to a registry are not "
                       "affected, and you can pull it again."));

  if (show_command_equivalents (self))
    {
      g_autofree char *names = g_strjoinv (" ", op->names);
      g_autofree char *with_command = NULL;

      /* Translators: %s is a sentence, then the command line */
      with_command = g_strdup_printf (_("%s\n\nSame as: docker rmi %s"), body, names);
      g_free (body);
      body = g_steal_pointer (&with_command);
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (remove_response_cb), op);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
dh_images_page_dispose (GObject *object)
{
  DhImagesPage *self = (DhImagesPage *)object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);

  /* The session's list goes on for the other windows. */
  if (self->list_signals != NULL)
    g_signal_group_set_target (self->list_signals, NULL);
  if (self->session_signals != NULL)
    g_signal_group_set_target (self->session_signals, NULL);
  /* Its columns go with the template, each a change of the sorter. */
  if (self->column_view != NULL)
    g_signal_handlers_disconnect_by_func (gtk_column_view_get_sorter (self->column_view),
                                          sort_changed_cb, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), DH_TYPE_IMAGES_PAGE);

  /* The template's top box is not a bound child: unparent it here. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->list_signals);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->first_screen);
  g_clear_object (&self->image_list);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (dh_images_page_parent_class)->dispose (object);
}

static void
dh_images_page_finalize (GObject *object)
{
  DhImagesPage *self = (DhImagesPage *)object;

  g_clear_pointer (&self->search_text, g_free);

  G_OBJECT_CLASS (dh_images_page_parent_class)->finalize (object);
}

static void
dh_images_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DhImagesPage *self = DH_IMAGES_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_SEARCH_MODE_ENABLED:
      g_value_set_boolean (value, gtk_search_bar_get_search_mode (self->search_bar));
      break;

    case PROP_STATE:
      g_value_set_string (value, self->state);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_images_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  DhImagesPage *self = DH_IMAGES_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      dh_images_page_set_session (self, g_value_get_object (value));
      break;

    case PROP_SEARCH_MODE_ENABLED:
      gtk_search_bar_set_search_mode (self->search_bar, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_images_page_class_init (DhImagesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dh_images_page_dispose;
  object_class->finalize = dh_images_page_finalize;
  object_class->get_property = dh_images_page_get_property;
  object_class->set_property = dh_images_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         DH_TYPE_SESSION,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_SEARCH_MODE_ENABLED] =
    g_param_spec_boolean ("search-mode-enabled", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  properties[PROP_STATE] =
    g_param_spec_string ("state", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  widget_class->measure = dh_images_page_measure;
  widget_class->size_allocate = dh_images_page_size_allocate;
  gtk_widget_class_set_css_name (widget_class, "dh-images-page");

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dockhand/Dockhand/dh-images-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DhImagesPage, search_bar);
  gtk_widget_class_bind_template_child (widget_class, DhImagesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DhImagesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, DhImagesPage, loading_page);
  gtk_widget_class_bind_template_child (widget_class, DhImagesPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, DhImagesPage, no_engine_page);
  gtk_widget_class_bind_template_child (widget_class, DhImagesPage, no_engine_detail);
  gtk_widget_class_bind_template_child (widget_class, DhImagesPage, stopped_page);
  gtk_widget_class_bind_template_child (widget_class, DhImagesPage, stopped_command_row);
  gtk_widget_class_bind_template_child (widget_class, DhImagesPage, stopped_copy_button);
  gtk_widget_class_bind_template_child (widget_class, DhImagesPage, stopped_detail);
  gtk_widget_class_bind_template_child (widget_class, DhImagesPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, DhImagesPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, DhImagesPage, header_scroller);
  gtk_widget_class_bind_template_child (widget_class, DhImagesPage, list_scroller);
  gtk_widget_class_bind_template_child (widget_class, DhImagesPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, DhImagesPage, selection);
  gtk_widget_class_bind_template_child (widget_class, DhImagesPage, sort_model);
  gtk_widget_class_bind_template_child (widget_class, DhImagesPage, filter_model);
  gtk_widget_class_bind_template_child (widget_class, DhImagesPage, repository_column);
  gtk_widget_class_bind_template_child (widget_class, DhImagesPage, tags_column);
  gtk_widget_class_bind_template_child (widget_class, DhImagesPage, registry_column);
  gtk_widget_class_bind_template_child (widget_class, DhImagesPage, id_column);
  gtk_widget_class_bind_template_child (widget_class, DhImagesPage, size_column);
  gtk_widget_class_bind_template_child (widget_class, DhImagesPage, created_column);
  gtk_widget_class_bind_template_child (widget_class, DhImagesPage, action_bar);
  gtk_widget_class_bind_template_child (widget_class, DhImagesPage, selection_label);
  gtk_widget_class_bind_template_child (widget_class, DhImagesPage, tag_button);
  gtk_widget_class_bind_template_child (widget_class, DhImagesPage, push_button);
  gtk_widget_class_bind_template_child (widget_class, DhImagesPage, publish_button);
  gtk_widget_class_bind_template_callback (widget_class, activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);

  gtk_widget_class_install_action (widget_class, "images.refresh", NULL, dh_images_page_refresh_action);
  gtk_widget_class_install_action (widget_class, "images.try-again", NULL, dh_images_page_try_again_action);
  gtk_widget_class_install_action (widget_class, "images.search", NULL, dh_images_page_search_action);
  gtk_widget_class_install_action (widget_class, "images.copy-text", "s", dh_images_page_copy_text_action);
  gtk_widget_class_install_action (widget_class, "images.copy-id", NULL, dh_images_page_copy_id_action);
  gtk_widget_class_install_action (widget_class, "images.details", NULL, dh_images_page_details_action);
  gtk_widget_class_install_action (widget_class, "images.remove", NULL, dh_images_page_remove_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "images.remove", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "images.remove", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_ALT_MASK, "images.details", NULL);

  g_type_ensure (DH_TYPE_IMAGE_ROW);
}

/* Rows: the list view keeps about 200 of them alive whatever its
 * height (GTK 4.8), so each is one widget, built in C, without a
 * GtkBuilder parse and a property binding per row. */

static void
setup_image_row_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    DhImagesPage             *self)
{
  GtkWidget *row = dh_image_row_new (gtk_column_view_get_columns (self->column_view));

  dh_image_row_set_show_badge (DH_IMAGE_ROW (row),
                               gtk_column_view_column_get_visible (self->registry_column));
  gtk_list_item_set_child (item, row);
}

static void
bind_image_row_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   DhImagesPage             *self)
{
  dh_image_row_set_image (DH_IMAGE_ROW (gtk_list_item_get_child (item)),
                          gtk_list_item_get_item (item));
}

static void
unbind_image_row_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     DhImagesPage             *self)
{
  dh_image_row_set_image (DH_IMAGE_ROW (gtk_list_item_get_child (item)), NULL);
}

/* Each row the list view has built (it keeps them as its children, each
 * inside its own list item widget). */
static void
dh_images_page_foreach_row (DhImagesPage *self,
                            void        (*func) (DhImageRow *row, gpointer data),
                            gpointer      data)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);

      if (row != NULL && DH_IS_IMAGE_ROW (row))
        func (DH_IMAGE_ROW (row), data);
    }
}

static void
row_columns_changed (DhImageRow *row,
                     gpointer    data)
{
  dh_image_row_columns_changed (row);
}

static void
row_show_badge (DhImageRow *row,
                gpointer    data)
{
  dh_image_row_set_show_badge (row, GPOINTER_TO_INT (data));
}

static void
session_changed_cb (DhImagesPage *self)
{
  selection_changed_cb (self);
  dh_images_page_update_state (self);
}

/* The width of @text in the column view's font (with @font_family, if
 * not NULL), in pixels. */
static int
text_width (GtkWidget  *widget,
            const char *font_family,
            const char *text)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  int width;

  if (font_family != NULL)
    {
      g_autoptr(PangoFontDescription) font = pango_font_description_new ();
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_font_description_set_family (font, font_family);
      pango_attr_list_insert (attrs, pango_attr_font_desc_new (font));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

/* The Repository and Tags columns share out the list's width beyond
 * what the columns need. Not GTK's "expand": the header would share it
 * out again, apart from the rows. */
#define COLUMN_EXPANDS(i) ((i) == 0 || (i) == 1)

/* The columns by position, as column_widths holds them. */
static GtkColumnViewColumn *
dh_images_page_column (DhImagesPage *self,
                       guint         i)
{
  GtkColumnViewColumn *columns[] = {
    self->repository_column, self->tags_column, self->registry_column,
    self->id_column, self->size_column, self->created_column,
  };

  g_assert (i < G_N_ELEMENTS (columns));
  return columns[i];
}

/* Every column has a fixed width, which the rows below the header draw
 * under; fixed widths do not grow with the list. So the columns get what they
 * need (or what the user dragged them to) and the columns that expand,
 * unless the user sized them, share what the list has beyond that. This
 * runs again when the list's width changes (the window is resized or
 * maximized): the scrolled window scrolls sideways rather than asking
 * for the columns' width, so the window can still be made narrower. */
static void
dh_images_page_apply_column_widths (DhImagesPage *self)
{
  GtkWidget *list = GTK_WIDGET (self->list_scroller);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  int available = 0;
  int needed = 0;
  guint n_expanding = 0;
  int extra;
  int remainder;
  gboolean changed = FALSE;

  if (self->column_widths[0] == 0)
    return;

  if (gtk_widget_get_width (list) > 0)
    available = gtk_widget_get_width (list);
  else if (GTK_IS_WINDOW (root))
    {
      int height;

      /* Not allocated yet: what the window opens with, less its border
       * and the list's margins. */
      gtk_window_get_default_size (GTK_WINDOW (root), &available, &height);
      available -= 24;
    }
  self->shared_width = available;

  for (guint i = 0; i < G_N_ELEMENTS (self->column_widths); i++)
    {
      GtkColumnViewColumn *column = dh_images_page_column (self, i);

      if (!gtk_column_view_column_get_visible (column))
        continue;
      needed += self->user_widths[i] > 0 ? self->user_widths[i] : self->column_widths[i];
      n_expanding += COLUMN_EXPANDS (i) && self->user_widths[i] == 0;
    }

  /* All of it: the header would share out what is left over itself,
   * and the rows would not be under their titles. */
  extra = n_expanding > 0 ? MAX (0, available - needed) / (int)n_expanding : 0;
  remainder = n_expanding > 0 ? MAX (0, available - needed) % (int)n_expanding : 0;

  self->sharing = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (self->column_widths); i++)
    {
      GtkColumnViewColumn *column = dh_images_page_column (self, i);
      int width;

      if (self->user_widths[i] > 0)
        width = self->user_widths[i];
      else
        {
          width = self->column_widths[i];
          if (COLUMN_EXPANDS (i))
            {
              width += extra + remainder;
              remainder = 0;
            }
        }

      if (gtk_column_view_column_get_fixed_width (column) != width)
        {
          gtk_column_view_column_set_fixed_width (column, width);
          changed = TRUE;
        }
    }
  self->sharing = FALSE;

  if (changed)
    dh_images_page_foreach_row (self, row_columns_changed, NULL);
}

/* As a GtkBinLayout would, but the page learns its width: a layout
 * manager takes the allocation from the widget's vfunc. */
static void
dh_images_page_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  if (child != NULL)
    gtk_widget_measure (child, orientation, for_size, minimum, natural, minimum_baseline, natural_baseline);
}

static void
dh_images_page_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  DhImagesPage *self = DH_IMAGES_PAGE (widget);
  GtkWidget *child = gtk_widget_get_first_child (widget);
  int list_width;

  if (child != NULL)
    gtk_widget_allocate (child, width, height, baseline, NULL);

  /* The list has another width (the window was resized or maximized,
   * or this is the first allocation): the columns are shared out for it
   * and the page laid out again at once, so that no frame shows them
   * cut or short. */
  list_width = gtk_widget_get_width (GTK_WIDGET (self->list_scroller));
  if (child != NULL && list_width > 0 && list_width != self->shared_width && self->column_widths[0] != 0)
    {
      int unused;

      dh_images_page_apply_column_widths (self);
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &unused, NULL, NULL, NULL);
      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, &unused, NULL, NULL, NULL);
      gtk_widget_allocate (child, width, height, baseline, NULL);
    }
}

/* A column the user resized keeps its width. */
static void
column_width_cb (DhImagesPage        *self,
                 GParamSpec          *pspec,
                 GtkColumnViewColumn *column)
{
  /* The rows draw where the header's columns are; when the page shares
   * the columns out, it tells the rows once at the end. */
  if (self->sharing)
    return;

  dh_images_page_foreach_row (self, row_columns_changed, NULL);

  if (g_strcmp0 (pspec->name, "fixed-width") != 0)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (self->user_widths); i++)
    if (dh_images_page_column (self, i) == column)
      self->user_widths[i] = gtk_column_view_column_get_fixed_width (column);
}

/* Column widths from the font, not from the rows (measuring ~200 rows
 * whenever one is bound to another image was, while scrolling, most of
 * every frame). The four that do not expand fit what they can hold (a
 * typical badge line, an ID's 12 digits, "999.9 MB", the longest "…
 * ago"), Repository and Tags share the rest. */
static void
dh_images_page_size_columns (DhImagesPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self->column_view);
  /* A cell's padding, and a header's room for its sort arrow. */
  const int cell_extra = 24;
  const int header_extra = 40;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  static const gint64 ages[] = {
    59 * 60, 23 * 3600, 6 * 86400, 3 * 7 * 86400, 11 * 30 * 86400, 10 * 365 * 86400,
  };
  /* By column position: a typical name and tag for the two that share
   * the rest, a typical badge line (a longer one is cut, its tooltip
   * says it whole: names matter more), the monospace ID. */
  const char *samples[] = {
    "registry.example.com/alice", "1.0-alpine", "Published · alice on Docker Hub",
    "0123456789ab", NULL, NULL,
  };
  g_autofree char *size = g_format_size (999900000);
  int created = 0;

  for (guint i = 0; i < G_N_ELEMENTS (ages); i++)
    {
      g_autofree char *text = dh_format_relative_time (now - ages[i], now);

      created = MAX (created, text_width (widget, NULL, text));
    }

  for (guint i = 0; i < G_N_ELEMENTS (self->column_widths); i++)
    {
      GtkColumnViewColumn *column = dh_images_page_column (self, i);
      int content;

      if (i == 5)
        content = created;
      else if (i == 4)
        content = text_width (widget, NULL, size);
      else
        content = text_width (widget, i == 3 ? "monospace" : NULL, samples[i]);

      self->column_widths[i] = MAX (content + cell_extra,
                                    text_width (widget, NULL, gtk_column_view_column_get_title (column)) + header_extra);
    }

  dh_images_page_apply_column_widths (self);
}

static void
search_mode_notify_cb (DhImagesPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_MODE_ENABLED]);
}

static void
dh_images_page_init (DhImagesPage *self)
{
  g_autoptr(GtkCustomFilter) filter = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "realize", G_CALLBACK (dh_images_page_watch_first_frame), NULL);

  self->cancellable = g_cancellable_new ();
  self->state = g_intern_static_string ("loading");

  /* After the sort: the rest comes as one append at the end. */
  self->first_screen = gtk_slice_list_model_new (g_object_ref (G_LIST_MODEL (self->sort_model)),
                                                 0, FIRST_SCREEN_ITEMS);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->first_screen));
  filter = gtk_custom_filter_new (filter_image, self, NULL);
  gtk_filter_list_model_set_filter (self->filter_model, GTK_FILTER (filter));

  {
    g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

    g_signal_connect (factory, "setup", G_CALLBACK (setup_image_row_cb), self);
    g_signal_connect (factory, "bind", G_CALLBACK (bind_image_row_cb), self);
    g_signal_connect (factory, "unbind", G_CALLBACK (unbind_image_row_cb), self);
    gtk_list_view_set_factory (self->list_view, factory);
  }
  /* The header scrolls sideways with the rows. */
  g_object_bind_property (gtk_scrolled_window_get_hadjustment (self->list_scroller), "value",
                          gtk_scrolled_window_get_hadjustment (self->header_scroller), "value",
                          G_BINDING_SYNC_CREATE);
  set_column_sorter (self->repository_column, DH_IMAGE_FIELD_REPOSITORY);
  set_column_sorter (self->tags_column, DH_IMAGE_FIELD_TAGS);
  set_column_sorter (self->id_column, DH_IMAGE_FIELD_ID);
  set_column_sorter (self->size_column, DH_IMAGE_FIELD_SIZE);
  set_column_sorter (self->created_column, DH_IMAGE_FIELD_CREATED);
  g_signal_connect_swapped (self->column_view, "realize",
                            G_CALLBACK (dh_images_page_size_columns), self);
  for (guint i = 0; i < G_N_ELEMENTS (self->column_widths); i++)
    {
      g_signal_connect_object (dh_images_page_column (self, i), "notify::fixed-width",
                               G_CALLBACK (column_width_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (dh_images_page_column (self, i), "notify::visible",
                               G_CALLBACK (column_width_cb), self, G_CONNECT_SWAPPED);
    }
  dh_tooltip_set_func (GTK_WIDGET (self->selection_label), selection_label_tooltip);
  gtk_sort_list_model_set_sorter (self->sort_model, gtk_column_view_get_sorter (self->column_view));
  if (gtk_get_major_version () == 4 && gtk_get_minor_version () < 10)
    g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                             G_CALLBACK (sort_changed_cb), self, 0);
  /* Newest first, as `docker images` lists them. */
  gtk_column_view_sort_by_column (self->column_view, self->created_column, GTK_SORT_DESCENDING);

  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (list_view_key_pressed_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self->list_view), keys);
  }

  g_signal_connect_object (dh_session_get_publications (dh_app_session ()), "changed",
                           G_CALLBACK (dh_images_page_update_registry_column), self, G_CONNECT_SWAPPED);
  dh_images_page_update_registry_column (self);

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));
  g_signal_connect_swapped (self->search_bar, "notify::search-mode-enabled",
                            G_CALLBACK (search_mode_notify_cb), self);
  g_signal_connect_swapped (self->filter_model, "items-changed",
                            G_CALLBACK (list_changed_cb), self);
  g_signal_connect_swapped (self->selection, "notify::selected",
                            G_CALLBACK (selection_changed_cb), self);
  g_signal_connect_swapped (self->selection, "items-changed",
                            G_CALLBACK (selection_changed_cb), self);

  self->list_signals = g_signal_group_new (DH_TYPE_IMAGE_LIST);
  g_signal_group_connect_swapped (self->list_signals, "notify::loading",
                                  G_CALLBACK (list_changed_cb), self);
  g_signal_group_connect_swapped (self->list_signals, "notify::error",
                                  G_CALLBACK (list_error_cb), self);
  g_signal_group_connect_swapped (self->list_signals, "items-changed",
                                  G_CALLBACK (list_changed_cb), self);

  self->session_signals = g_signal_group_new (DH_TYPE_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "notify::engine-state",
                                  G_CALLBACK (session_changed_cb), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::engine-error",
                                  G_CALLBACK (session_changed_cb), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::last-engine-kind",
                                  G_CALLBACK (session_changed_cb), self);

  /* Tag… and Push… are the window's actions: it turns them off while
   * the engine is away; the buttons say why. */
  dh_engine_gate_tooltip (GTK_WIDGET (self->tag_button), DH_ENGINE_GATE_TAG);
  dh_engine_gate_tooltip (GTK_WIDGET (self->push_button), DH_ENGINE_GATE_PUSH);
  dh_engine_gate_tooltip (GTK_WIDGET (self->publish_button), DH_ENGINE_GATE_PUSH);

  selection_changed_cb (self);
  dh_images_page_update_state (self);
}

DhSession *
dh_images_page_get_session (DhImagesPage *self)
{
  g_return_val_if_fail (DH_IS_IMAGES_PAGE (self), NULL);

  return self->session;
}

/* The page shows @session's images and follows its engine: the session
 * lists them again by itself when the engine comes back. */
void
dh_images_page_set_session (DhImagesPage *self,
                            DhSession    *session)
{
  g_return_if_fail (DH_IS_IMAGES_PAGE (self));
  g_return_if_fail (!session || DH_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  g_clear_object (&self->image_list);
  if (session != NULL)
    self->image_list = g_object_ref (DH_IMAGE_LIST (dh_session_get_images (session)));

  g_signal_group_set_target (self->session_signals, session);
  g_signal_group_set_target (self->list_signals, self->image_list);
  gtk_filter_list_model_set_model (self->filter_model, G_LIST_MODEL (self->image_list));

  selection_changed_cb (self);
  dh_images_page_update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

DhImageList *
dh_images_page_get_image_list (DhImagesPage *self)
{
  g_return_val_if_fail (DH_IS_IMAGES_PAGE (self), NULL);

  return self->image_list;
}

const char *
dh_images_page_get_state (DhImagesPage *self)
{
  g_return_val_if_fail (DH_IS_IMAGES_PAGE (self), NULL);

  return self->state;
}

GListModel *
dh_images_page_get_model (DhImagesPage *self)
{
  g_return_val_if_fail (DH_IS_IMAGES_PAGE (self), NULL);

  return G_LIST_MODEL (self->selection);
}

GtkColumnView *
dh_images_page_get_column_view (DhImagesPage *self)
{
  g_return_val_if_fail (DH_IS_IMAGES_PAGE (self), NULL);

  return self->column_view;
}

const char *
dh_images_page_get_summary_text (DhImagesPage *self)
{
  g_return_val_if_fail (DH_IS_IMAGES_PAGE (self), NULL);

  return gtk_label_get_text (self->selection_label);
}

DhImage *
dh_images_page_get_selected (DhImagesPage *self)
{
  g_return_val_if_fail (DH_IS_IMAGES_PAGE (self), NULL);

  return gtk_single_selection_get_selected_item (self->selection);
}

void
dh_images_page_set_search_text (DhImagesPage *self,
                                const char   *text)
{
  g_autofree char *folded = NULL;
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;

  g_return_if_fail (DH_IS_IMAGES_PAGE (self));

  if (text == NULL)
    text = "";

  /* Replacing the entry's text deletes it first, and an empty search
   * entry reports "search-changed" at once: ignore that echo. */
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), text) != 0)
    {
      self->updating_entry = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
      self->updating_entry = FALSE;
    }

  folded = g_utf8_casefold (text, -1);
  g_strstrip (folded);

  if (g_strcmp0 (folded, self->search_text) == 0)
    return;

  /* Let the filter model keep its work when the search only narrows or widens. */
  if (self->search_text != NULL && g_str_has_prefix (folded, self->search_text))
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (self->search_text != NULL && g_str_has_prefix (self->search_text, folded))
    change = GTK_FILTER_CHANGE_LESS_STRICT;

  g_free (self->search_text);
  self->search_text = g_steal_pointer (&folded);

  gtk_filter_changed (gtk_filter_list_model_get_filter (self->filter_model), change);
}

/* The list of rows, below the header (dh_images_page_get_column_view()). */
GtkListView *
dh_images_page_get_list_view (DhImagesPage *self)
{
  g_return_val_if_fail (DH_IS_IMAGES_PAGE (self), NULL);

  return self->list_view;
}
