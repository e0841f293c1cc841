/** The activity feed's settings, from the configuration (ACTIVITY_* app settings). */
export interface ActivitySettings {
  /** Activity codes to post, or `*` for every one (unknown codes are posted generically). */
  eventTypes: readonly string[] | '*';
  /** NetBird user ids whose changes are this app's own, besides its tokens' service users. */
  appUserIds: readonly string[];
  /** The first run (no mark yet) posts the changes of this many minutes, not the whole log. */
  firstRunMinutes: number;
}
