package io.stagingsync.piiscan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Column names are tokenized: the snake_case and camelCase names the gem's word-bounded regexes missed match. */
class ColumnNameDetectorTest {

    @ParameterizedTest
    @CsvSource({
        "user_email,contact", "phoneNumber,contact", "birth_date,personal", "iban_last4,financial",
        "first_name,personal", "LastName,personal", "credit_card_last_4,financial", "encrypted_password,auth",
        "reset_password_token,auth", "address_line1,contact", "postal_code,contact", "IPAddress,contact",
        "card_last4,financial", "social_security_number,identity", "api_key,auth", "email,contact",
        "username,personal", "national_id,identity", "phonenumber,contact", "emailaddress,contact",
        "creditcardnumber,financial", "address2,contact", "email2,contact", "picture,personal",
        "bcc_emails,contact", "secrets,auth", "phones,contact", "addresses,contact", "legal_name,identity",
        "legal_number,identity", "pass_salt,auth", "pass_crypt,auth", "hmac_key,auth", "ssh_key,auth",
        "webhook_url,auth", "linkedin_url,personal", "home_lat,location", "latitude,location", "lon,location",
        "home_location_name,location", "home_tile,location", "auth_uid,identity", "stripe_customer_id,identity",
        "provider_customer_id,identity", "fingerprint,identity", "password_digest,auth",
    })
    void personalColumnNamesAreRecognized(String column, String category) {
        assertEquals(category, ColumnNameDetector.category(column), column);
    }

    @ParameterizedTest
    @ValueSource(strings = {"title", "description", "amount", "created_at", "name", "film_id", "zipper",
        "last_update", "rental_date", "district", "v2", "address_id",
        "email_settings", "email_valid", "auth_provider", "payload_key", "idempotency_key", "provider_refund_id",
        "external_id", "external_customer_id", "home_zoom", "invoice_display_name", "display_name", "uid",
        "reset_password_sent_at", "avatar_updated_at", "city_id", "phone_number_id", "release_year", "rating", "fulltext", "special_features"})
    void otherNamesAreNot(String column) {
        assertNull(ColumnNameDetector.category(column), column);
    }

    @Test
    void namesAreSplitOnSeparatorsHumpsAndAcronyms() {
        assertEquals(List.of("user", "email", "address"), ColumnNameDetector.tokens("user_Email-address"));
        assertEquals(List.of("ip", "address", "v4"), ColumnNameDetector.tokens("IPAddressV4"));
        assertEquals(List.of("iban", "last4"), ColumnNameDetector.tokens("iban_last4"));
    }

    @ParameterizedTest
    @CsvSource({
        "nom_famille,personal", "prenom,personal", "prénom,personal", "adresse,contact", "adresse_ligne2,contact",
        "telephone,contact", "téléphone,contact", "date_naissance,personal", "dateNaissance,personal",
        "courriel,contact", "ville,contact", "code_postal,contact", "iban,financial", "nom_client,personal",
    })
    void frenchColumnNamesAreRecognized(String column, String category) {
        assertEquals(category, ColumnNameDetector.category(column), column);
    }

    @ParameterizedTest
    @CsvSource({"users,name", "accounts,name", "clients,nom", "legacy_contacts,Name", "customers,url",
        "customers,logo_url", "users,company", "users,display_name", "social_links,url", "api_keys,value"})
    void someWordsNameAPersonsDataInATableOfPeople(String table, String column) {
        assertEquals(table.equals("api_keys") ? "auth" : "personal",
                ColumnNameDetector.category(table, column, List.of("id", column)), table + "." + column);
    }

    @ParameterizedTest
    @CsvSource({"addresses,line1", "addresses,line_2", "user_addresses,Line1", "billing_address,line", "adresses,ligne1"})
    void aLineOfATableOfAddressesIsAStreetAddress(String table, String column) {
        assertEquals("contact", ColumnNameDetector.category(table, column, List.of("id", column)), table + "." + column);
    }

    @Test
    void aLineElsewhereIsNoAddress() {
        assertNull(ColumnNameDetector.category("invoices", "line1", List.of("id", "line1")));
        assertNull(ColumnNameDetector.category("order_lines", "line", List.of("id", "line")));
        assertNull(ColumnNameDetector.category("addresses", "line_count", List.of("id", "line_count")));
    }

    @Test
    void aBareNameIsAPersonsBesideContactDataUnlessTheTableHoldsThings() {
        assertEquals("personal", ColumnNameDetector.category("t1", "name", List.of("id", "name", "email")));
        assertNull(ColumnNameDetector.category("t1", "name", List.of("id", "name", "email_settings")));
        assertNull(ColumnNameDetector.category("gpx_files", "name", List.of("id", "name", "latitude")));
        assertNull(ColumnNameDetector.category("billing_entities", "name", List.of("id", "name", "email", "phone")));
    }

    @ParameterizedTest
    @CsvSource({"categories,name", "category,name", "product_categories,name", "languages,name", "produits,nom",
        "countries,name", "tags,name", "api_keys,name", "taxes,name", "webhook_endpoints,name", "coupons,name",
        "organizations,logo", "projects,avatar_url", "plans,url", "add_ons,invoice_display_name",
        "invoice_custom_sections,display_name", "user_devices,browser"})
    void aThingsNameLogoOrUrlIsNot(String table, String column) {
        assertNull(ColumnNameDetector.category(table, column, List.of("id", column)), table + "." + column);
    }
}
