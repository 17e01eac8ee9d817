/* minimal stddef.h for Debian's chibicc, which ships no header directory */
#ifndef MATRIX_STDDEF_H
#define MATRIX_STDDEF_H
#define NULL ((void *)0)
typedef unsigned long size_t;
typedef long ptrdiff_t;
typedef unsigned int wchar_t;
typedef long max_align_t;
#define offsetof(type, member) ((size_t)&(((type *)0)->member))
#endif
