package io.stagingsync.run;

/** Tells routes/15-stage-boundaries which sends start a stage a cancelled run must not enter. */
public final class StageBoundaries {

    public boolean isBoundary(String endpointUri) {
        return Stage.isBoundary(endpointUri);
    }
}
