/* timeline_svg.h - timeline.c's picture: `timeline --svg FILE` writes the
   timeline as an SVG file, stdout unchanged. One row per task, time along
   the x axis, one box per resume: its left edge is the loop time the task
   resumed at, its label the source line it resumed at (gen_task_line in
   the trace hook; "start" for a task's first run, which starts at the top).
   A step takes no time on the virtual clock and microseconds on the host
   clock, so a box is drawn at least SVG_BOX_W pixels wide; its tooltip gives
   the times it resumed and suspended. A task's last box (it returned) is
   filled darker.

   Why SVG from C and not gnuplot: the picture is rectangles, lines and
   text, a page of fprintf. Debian's gnuplot-nox would draw it, but the
   example would then need a data file, a gnuplot script and the tool
   installed wherever a student runs it, for no better picture; and this
   output is plain enough for test/teach/run.sh to read back element by
   element.

   From timeline.c: svg_open(argc, argv) first (a usage error: exit 2),
   svg_step(task name, event, ms, line) from the trace hook on every event,
   svg_write() at the end; without --svg they do nothing. No malloc: at
   most SVG_STEPS resumes and SVG_ROWS tasks are kept (more are left out,
   and svg_write says so on stderr). Lengths are in pixels. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SVG_STEPS 64
#define SVG_ROWS 8
#define SVG_PX_PER_S 500 /* the x scale: pixels per second of loop time */
#define SVG_LEFT 70      /* the task names' column */
#define SVG_TOP 40       /* the title above the rows */
#define SVG_ROW_H 36
#define SVG_BOX_H 24
#define SVG_BOX_W 48     /* the narrowest box */

static struct {
    FILE *out;
    const char *file;
    const char *row[SVG_ROWS];
    int rows, steps, lost;
    struct { int row, done; long t0, t1; unsigned line; } step[SVG_STEPS];
} svg;

/* argv: none, or --svg FILE (opened here); else exit(2) */
static void svg_open(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--svg") == 0) {
        svg.file = argv[2];
        svg.out = fopen(svg.file, "w");
        if (!svg.out) {
            perror(svg.file);
            exit(2);
        }
    } else if (argc != 1) {
        fprintf(stderr, "usage: %s [--svg FILE]\n", argv[0]);
        exit(2);
    }
}

/* The trace hook's event for task `name` at `ms` (since the start), with
   the line the task waits at (for a resume: the line it resumes at). */
static void svg_step(const char *name, int event, long ms, unsigned line)
{
    int r, s;
    if (!svg.out)
        return;
    for (r = 0; r < svg.rows && strcmp(svg.row[r], name) != 0; r++)
        continue;
    if (r == svg.rows && svg.rows < SVG_ROWS)
        svg.row[svg.rows++] = name;
    for (s = svg.steps - 1; s >= 0 && svg.step[s].row != r; s--)
        continue; /* this task's latest box */
    if (event != GEN_TRACE_RESUME) { /* suspended or done: it ends the box */
        if (s >= 0) {
            svg.step[s].t1 = ms;
            svg.step[s].done = event == GEN_TRACE_DONE;
        }
    } else if (r == svg.rows || svg.steps == SVG_STEPS) {
        svg.lost++;
    } else {
        svg.step[svg.steps].row = r;
        svg.step[svg.steps].t0 = svg.step[svg.steps].t1 = ms;
        svg.step[svg.steps].line = line;
        svg.step[svg.steps++].done = 0;
    }
}

/* text as XML character data */
static void svg_text(const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", svg.out); break;
        case '>': fputs("&gt;", svg.out); break;
        case '&': fputs("&amp;", svg.out); break;
        default: putc(*s, svg.out); break;
        }
    }
}

static double svg_x(long ms) { return SVG_LEFT + (double)ms * SVG_PX_PER_S / 1000.0; }

/* Writes the file (with --svg). Returns 0 if it could not. */
static int svg_write(void)
{
    long end = 0, t;
    int r, s;
    double x, w, y;
    if (!svg.out)
        return 1;
    for (s = 0; s < svg.steps; s++)
        end = svg.step[s].t1 > end ? svg.step[s].t1 : end;
    end = (end + 99) / 100 * 100; /* the axis: to the next 0.1 s */
    fprintf(svg.out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%d\" "
            "font-family=\"sans-serif\" font-size=\"12\">\n", svg_x(end) + SVG_BOX_W + 20, SVG_TOP + SVG_ROW_H * svg.rows + 70);
    fprintf(svg.out, "<text x=\"10\" y=\"20\" font-size=\"14\">timeline: a row per task, a box per resume,"
            " labelled with the line it resumed at</text>\n");
    y = SVG_TOP + SVG_ROW_H * svg.rows + 10;
    fprintf(svg.out, "<g class=\"axis\" stroke=\"#999\">\n<line x1=\"%d\" y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\"/>\n",
            SVG_LEFT, y, svg_x(end), y);
    for (t = 0; t <= end; t += 100)
        fprintf(svg.out, "<line class=\"tick\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.0f\"/>"
                "<text class=\"tick\" x=\"%.1f\" y=\"%.0f\" stroke=\"none\" text-anchor=\"middle\">%.1f s</text>\n",
                svg_x(t), SVG_TOP, svg_x(t), y + 4, svg_x(t), y + 18, (double)t / 1000.0);
    fprintf(svg.out, "</g>\n<text x=\"10\" y=\"%.0f\" font-size=\"11\">A box's left edge: when the task resumed"
            " (a step takes no loop time:</text>\n<text x=\"10\" y=\"%.0f\" font-size=\"11\">the width is for"
            " the label). Darker: the task's last step, it returned.</text>\n", y + 38, y + 52);
    for (r = 0; r < svg.rows; r++) {
        y = SVG_TOP + SVG_ROW_H * r + (SVG_ROW_H - SVG_BOX_H) / 2;
        fprintf(svg.out, "<g class=\"task\">\n<text class=\"name\" x=\"10\" y=\"%.0f\">", y + 16);
        svg_text(svg.row[r]);
        fprintf(svg.out, "</text>\n");
        for (s = 0; s < svg.steps; s++) {
            if (svg.step[s].row != r)
                continue;
            x = svg_x(svg.step[s].t0);
            w = svg_x(svg.step[s].t1) - x;
            w = w < SVG_BOX_W ? SVG_BOX_W : w;
            fprintf(svg.out, "<rect class=\"%s\" x=\"%.1f\" y=\"%.0f\" width=\"%.1f\" height=\"%d\" "
                    "fill=\"%s\" stroke=\"#333\"><title>", svg.step[s].done ? "step done" : "step",
                    x, y, w, SVG_BOX_H, svg.step[s].done ? "#9ab" : "#def");
            svg_text(svg.row[r]);
            fprintf(svg.out, ": resumed at %ld ms, %s at %ld ms</title></rect>\n", svg.step[s].t0,
                    svg.step[s].done ? "done" : "suspended", svg.step[s].t1);
            if (svg.step[s].line)
                fprintf(svg.out, "<text class=\"label\" x=\"%.1f\" y=\"%.0f\">line %u</text>\n",
                        x + 4, y + 16, svg.step[s].line);
            else
                fprintf(svg.out, "<text class=\"label\" x=\"%.1f\" y=\"%.0f\">start</text>\n", x + 4, y + 16);
        }
        fprintf(svg.out, "</g>\n");
    }
    fprintf(svg.out, "</svg>\n");
    if (svg.lost)
        fprintf(stderr, "%s: %d resumes left out (SVG_STEPS, SVG_ROWS)\n", svg.file, svg.lost);
    r = ferror(svg.out);
    return !(fclose(svg.out) | r);
}
