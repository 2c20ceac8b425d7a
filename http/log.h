/* Logging for the server, the core and the preload inside foreign processes: quiet by default. */
#ifndef MOTOC_LOG_H
#define MOTOC_LOG_H

enum log_level { LOG_ERROR = 0, LOG_WARN, LOG_INFO, LOG_DEBUG };

/* Reads MOTOC_LOG (off|requests|debug, which wins), MOTOC_LOG_LEVEL (error|warn|info|debug) and
 * MOTOC_LOG_FILE; safe to call again. */
void log_init_from_env(void);
void log_set_level(enum log_level level);
int log_enabled(enum log_level level);
void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
