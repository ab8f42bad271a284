/* dh-clock.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-clock"

#include "config.h"

#include "dh-clock.h"

struct _DhClock
{
  GObject parent_instance;

  gint64  now;
  guint   timeout_id;
};

enum {
  PROP_0,
  PROP_NOW,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (DhClock, dh_clock, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void dh_clock_schedule (DhClock *self);

static void
dh_clock_update (DhClock *self,
                 gint64   now)
{
  if (self->now == now)
    return;

  self->now = now;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOW]);
}

static gboolean
tick_cb (gpointer user_data)
{
  DhClock *self = user_data;

  self->timeout_id = 0;
  dh_clock_update (self, g_get_real_time () / G_USEC_PER_SEC);
  dh_clock_schedule (self);

  return G_SOURCE_REMOVE;
}

/* Wakes a second after the next minute starts: "1 minute ago" turns
 * into "2 minutes ago" on every label at once, and a suspended machine
 * catches up on its first wake-up. */
static void
dh_clock_schedule (DhClock *self)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint wait = (guint)(60 - now % 60) + 1;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add_seconds (wait, tick_cb, self);
}

static void
dh_clock_dispose (GObject *object)
{
  DhClock *self = (DhClock *)object;

  g_clear_handle_id (&self->timeout_id, g_source_remove);

  G_OBJECT_CLASS (dh_clock_parent_class)->dispose (object);
}

static void
dh_clock_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  DhClock *self = DH_CLOCK (object);

  switch (prop_id)
    {
    case PROP_NOW:
      g_value_set_int64 (value, self->now);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_clock_class_init (DhClockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dh_clock_dispose;
  object_class->get_property = dh_clock_get_property;

  properties[PROP_NOW] =
    g_param_spec_int64 ("now", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dh_clock_init (DhClock *self)
{
  self->now = g_get_real_time () / G_USEC_PER_SEC;
  dh_clock_schedule (self);
}

DhClock *
dh_clock_new (void)
{
  return g_object_new (DH_TYPE_CLOCK, NULL);
}

gint64
dh_clock_get_now (DhClock *self)
{
  g_return_val_if_fail (DH_IS_CLOCK (self), 0);

  return self->now;
}

void
dh_clock_set_now (DhClock *self,
                  gint64   now)
{
  g_return_if_fail (DH_IS_CLOCK (self));

  dh_clock_update (self, now);
}
