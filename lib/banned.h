/* Functions the library must not call: use the bounded and reentrant forms. */
#ifndef DR_BANNED_H
#define DR_BANNED_H
#define DR_BANNED(f) sorry_##f##_is_banned
#undef strcpy
#define strcpy(a, b) DR_BANNED(strcpy)
#undef strcat
#define strcat(a, b) DR_BANNED(strcat)
#undef sprintf
#define sprintf(...) DR_BANNED(sprintf)
#undef strtok
#define strtok(a, b) DR_BANNED(strtok)
#undef gmtime
#define gmtime(t) DR_BANNED(gmtime)
#undef localtime
#define localtime(t) DR_BANNED(localtime)
#undef atoi
#define atoi(s) DR_BANNED(atoi)
#endif
