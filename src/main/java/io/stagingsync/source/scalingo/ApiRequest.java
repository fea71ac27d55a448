package io.stagingsync.source.scalingo;

/**
 * One call to a Scalingo API (exchange property {@code scalingoRequest}), described for messages by its purpose.
 *
 * @param purpose what the call is for, as messages say it ("list the backups of shop-prod's database")
 * @param addonId the addon whose token authorizes a database API call (else null)
 * @param whenMissing what a 404 means for the operator, when it means a setting is wrong (else null)
 */
public record ApiRequest(String method, String url, Auth auth, String purpose, String addonId, String whenMissing) {

    /**
     * False for a call that creates something: once Scalingo may have received it, repeating it could create a
     * second one, so it is retried only when it surely was not (429, a refused connection, an expired token).
     */
    public boolean idempotent() {
        return !url.endsWith("/backups") || !"POST".equals(method);
    }

    /** Which credential the call carries. */
    public enum Auth {
        /** Basic auth with the API token: the token exchange only. */
        API_TOKEN,
        /** The bearer JWT the exchange returned: the apps API. */
        BEARER,
        /** The addon's own token: the database API. */
        ADDON
    }
}
