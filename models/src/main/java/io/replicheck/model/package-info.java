/**
 * Models: small immutable state machines that say which results a sequential object could give.
 * States are immutable values with equals/hashCode, so the checker can memoize them.
 */
package io.replicheck.model;
