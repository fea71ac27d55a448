package io.stagingsync.target.neon;

import java.util.Map;

/**
 * One call to the Neon API (exchange property {@code neonRequest}), described for messages by its purpose.
 *
 * @param path        below {@code /projects/{project_id}}
 * @param query       the query string, or null
 * @param body        the JSON body, or null
 * @param whenMissing what a 404 means for the operator (which project or branch, which setting), else null
 */
public record NeonRequest(String method, String path, String query, Map<String, Object> body, String purpose,
                          String whenMissing) {

    /** What the exchange's Neon call is for, as retry messages say it. */
    public static String purposeOf(org.apache.camel.Exchange exchange) {
        NeonRequest request = exchange.getProperty(NeonAnswer.PROPERTY, NeonRequest.class);
        return request == null ? "call the Neon API" : request.purpose();
    }

    public static NeonRequest get(String path, String query, String purpose, String whenMissing) {
        return new NeonRequest("GET", path, query, null, purpose, whenMissing);
    }

    /**
     * False for a call that creates or replaces something: once Neon may have received it, repeating it could do it
     * twice, so it is retried only when Neon surely refused it first (429, a locked project, a refused connection).
     */
    public boolean idempotent() {
        return !"POST".equals(method);
    }
}
