package io.replicheck.server.util;

/**
 * redis's {@code stringmatchlen}: glob with {@code * ? [abc] [^a-z] \x}, optionally
 * case-insensitive.
 */
public final class Glob {
  private Glob() {}

  public static boolean match(byte[] pattern, byte[] string, boolean nocase) {
    return match(pattern, 0, string, 0, nocase, 0);
  }

  public static boolean match(String pattern, String string, boolean nocase) {
    return match(
        pattern.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        string.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        nocase);
  }

  private static int lower(int c) {
    return (c >= 'A' && c <= 'Z') ? c + 32 : c;
  }

  private static boolean match(byte[] p, int pi, byte[] s, int si, boolean nocase, int depth) {
    if (depth > 1000) {
      return false; // redis bounds nesting too (stringmatchlen_impl's nesting limit)
    }
    int plen = p.length;
    int slen = s.length;
    while (pi < plen && si < slen) {
      switch (p[pi]) {
        case '*':
          {
            while (pi + 1 < plen && p[pi + 1] == '*') {
              pi++;
            }
            if (pi + 1 == plen) {
              return true;
            }
            for (int k = si; k < slen; k++) {
              if (match(p, pi + 1, s, k, nocase, depth + 1)) {
                return true;
              }
            }
            return false;
          }
        case '?':
          si++;
          break;
        case '[':
          {
            pi++;
            boolean not = pi < plen && p[pi] == '^';
            if (not) {
              pi++;
            }
            boolean matched = false;
            while (true) {
              if (pi < plen && p[pi] == '\\' && pi + 1 < plen) {
                pi++;
                if ((p[pi] & 0xff) == (s[si] & 0xff)) {
                  matched = true;
                }
              } else if (pi >= plen) {
                pi--;
                break;
              } else if (p[pi] == ']') {
                break;
              } else if (pi + 2 < plen && p[pi + 1] == '-') {
                int start = p[pi] & 0xff;
                int end = p[pi + 2] & 0xff;
                int c = s[si] & 0xff;
                if (start > end) {
                  int t = start;
                  start = end;
                  end = t;
                }
                if (nocase) {
                  start = lower(start);
                  end = lower(end);
                  c = lower(c);
                }
                pi += 2;
                if (c >= start && c <= end) {
                  matched = true;
                }
              } else {
                int a = p[pi] & 0xff;
                int b = s[si] & 0xff;
                if (nocase ? lower(a) == lower(b) : a == b) {
                  matched = true;
                }
              }
              pi++;
            }
            if (not) {
              matched = !matched;
            }
            if (!matched) {
              return false;
            }
            si++;
            break;
          }
        case '\\':
          if (pi + 1 < plen) {
            pi++;
          }
        // fall through
        default:
          {
            int a = p[pi] & 0xff;
            int b = s[si] & 0xff;
            if (nocase ? lower(a) != lower(b) : a != b) {
              return false;
            }
            si++;
            break;
          }
      }
      pi++;
      if (si == slen) {
        while (pi < plen && p[pi] == '*') {
          pi++;
        }
        break;
      }
    }
    return pi == plen && si == slen;
  }
}
