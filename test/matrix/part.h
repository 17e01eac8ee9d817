/* part.h - which part of the suite a matrix main runs: MATRIX_PART=t_coro
   (say) runs that part alone, and says so first; otherwise unit_all(). */
#ifndef MATRIX_PART_H
#define MATRIX_PART_H
#define MATRIX_STR_(x) #x
#define MATRIX_STR(x) MATRIX_STR_(x)
#ifdef MATRIX_PART
void MATRIX_PART(void);
#define MATRIX_RUN_PARTS() \
    do { unit_out("part " MATRIX_STR(MATRIX_PART) "\n"); MATRIX_PART(); } while (0)
#else
#define MATRIX_RUN_PARTS() unit_all()
#endif
#endif
