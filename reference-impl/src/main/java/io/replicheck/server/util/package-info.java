/** Small helpers with redis's exact semantics: glob matching, number parsing and formatting. */
package io.replicheck.server.util;
