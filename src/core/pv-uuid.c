/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-uuid.c: UUID version 7 (RFC 9562): 48 bits of Unix milliseconds then
 * random bits, so ids made on a device sort by creation time and new rows
 * append to the B-tree instead of scattering. GLib 2.74 only has v4.
 */
#include "pv-uuid.h"

#include <string.h>

/* Monotonic within the process: two ids made in the same millisecond still
 * sort in creation order, by bumping the 12-bit rand_a counter. */
static gint64 last_ms;
static guint  sequence;
G_LOCK_DEFINE_STATIC (uuid_lock);

char *
pv_uuid_new (void)
{
  guint8 b[16];
  gint64 ms;
  guint seq;

  G_LOCK (uuid_lock);
  ms = g_get_real_time () / 1000;
  if (ms <= last_ms)
    {
      if (++sequence > 0x0fff)
        {
          last_ms++;
          sequence = 0;
        }
      ms = last_ms;
    }
  else
    {
      last_ms = ms;
      sequence = g_random_int_range (0, 0x0800);
    }
  seq = sequence;
  G_UNLOCK (uuid_lock);

  for (guint i = 0; i < 6; i++)
    b[i] = (ms >> (40 - 8 * i)) & 0xff;
  b[6] = 0x70 | ((seq >> 8) & 0x0f);
  b[7] = seq & 0xff;
  for (guint i = 8; i < 16; i += 4)
    {
      guint32 r = g_random_int ();
      memcpy (&b[i], &r, 4);
    }
  b[8] = 0x80 | (b[8] & 0x3f);

  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                          "%02x%02x%02x%02x%02x%02x",
                          b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
                          b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

gboolean
pv_uuid_is_valid (const char *text)
{
  return text != NULL && g_uuid_string_is_valid (text);
}
