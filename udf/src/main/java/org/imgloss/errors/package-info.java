/**
 * The error vocabulary shared by every layer: {@link org.imgloss.errors.ErrorCode}. This package
 * depends on nothing else of imgloss, so image decoding, metrics, scoring, the Spark functions and
 * the job may all use it without breaking the layering.
 */
package org.imgloss.errors;
