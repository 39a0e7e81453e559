package org.imgloss.job.source;

import java.io.Serializable;

/**
 * Input that exists but could not be read, so its pairs are not in the run: a Parquet part file
 * whose footer is corrupt or truncated, a manifest record that is not valid CSV, a folder entry
 * that cannot be listed (a broken or looping symbolic link, a folder without permission). The run
 * scores everything else, records these in the {@code runs} table's {@code unreadable_files}, and
 * fails (exit 3) unless {@code input.on_unreadable_file: warn}.
 *
 * @param location the file or folder entry (user-info of URIs masked by whoever prints it)
 * @param error    why it could not be read
 */
public record UnreadableInput(String location, String error) implements Serializable {

    /** {@code location: error}, as the runs table and the end-of-run output show it. */
    @Override
    public String toString() {
        return location + ": " + error;
    }
}
