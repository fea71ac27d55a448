package io.stagingsync.source.scalingo;

/**
 * One call to a Scalingo API (exchange property {@code scalingoRequest}), described for messages by its purpose.
 *
 * @param purpose what the call is for, as messages say it ("list the backups of shop-prod's database")
 * @param addonId the addon whose token authorizes a database API call (else null)
 * @param whenMissing what a 404 means for the operator, when it means a setting is wrong (else null)
 */
public record ApiRequest(String method, String url, Auth auth, String purpose, String addonId, String whenMissing) {

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
