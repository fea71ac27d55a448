package io.stagingsync.piiscan;

import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognizes personal data in a value: emails, phone numbers (E.164, French), IBANs (mod-97), card numbers (Luhn),
 * French NIR (with its key), SSH public keys (their comment is usually user@host). Free text and JSON are searched
 * inside; check digits keep false positives rare.
 */
public final class ValueDetector {

    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,24}");
    private static final Pattern E164 = Pattern.compile("(?<![\\w+])\\+[1-9]\\d{7,14}(?!\\d)");
    private static final Pattern FRENCH_PHONE = Pattern.compile(
            "(?<![\\w+])(?:(?:\\+|00)33[ .-]?|0)[1-9](?:[ .-]?\\d{2}){4}(?!\\d)");
    private static final Pattern IBAN = Pattern.compile("\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]){11,30}\\b");
    private static final Pattern CARD = Pattern.compile("^\\d(?:[ -]?\\d){12,18}$");
    private static final Pattern SSH_KEY = Pattern.compile(
            "(?:ssh-(?:rsa|dss|ed25519)|ecdsa-sha2-nistp\\d+|sk-(?:ssh-ed25519|ecdsa-sha2-nistp256)@openssh\\.com) AAAA[A-Za-z0-9+/]{40,}");
    private static final Pattern NIR = Pattern.compile(
            "(?<!\\d)([12]) ?(\\d{2}) ?(0[1-9]|1[0-2]|[2-9]\\d) ?(\\d{2}|2A|2B) ?(\\d{3}) ?(\\d{3}) ?(\\d{2})(?!\\d)");

    private ValueDetector() {
    }

    /** The kind of personal data found in the value, or null. */
    public static String detect(String value) {
        if (value == null || value.length() < 6) {
            return null;
        }
        if (value.contains(" AAAA") && SSH_KEY.matcher(value).find()) {
            return "ssh key";
        }
        if (hasEmail(value)) {
            return "email";
        }
        if (hasIban(value)) {
            return "iban";
        }
        if (hasNir(value)) {
            return "nir";
        }
        if (isCard(value.trim())) {
            return "card";
        }
        if (E164.matcher(value).find() || FRENCH_PHONE.matcher(value).find()) {
            return "phone";
        }
        return null;
    }

    /** The regex tried around each '@' only: on a long value without one it would backtrack at every character. */
    static boolean hasEmail(String value) {
        Matcher m = EMAIL.matcher(value);
        for (int at = value.indexOf('@'); at >= 0; at = value.indexOf('@', at + 1)) {
            if (m.region(Math.max(0, at - 64), Math.min(value.length(), at + 256)).find()) {
                return true;
            }
        }
        return false;
    }

    static boolean hasIban(String value) {
        Matcher m = IBAN.matcher(value);
        while (m.find()) {
            if (ibanChecksumValid(m.group().replace(" ", ""))) {
                return true;
            }
        }
        return false;
    }

    /** ISO 13616: the first four characters moved to the end, letters as 10..35, the number mod 97 is 1. */
    static boolean ibanChecksumValid(String iban) {
        if (iban.length() < 15 || iban.length() > 34) {
            return false;
        }
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        StringBuilder digits = new StringBuilder();
        for (char c : rearranged.toCharArray()) {
            digits.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
        }
        return new BigInteger(digits.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
    }

    /** A whole value of 13 to 19 digits (spaces or dashes between) passing Luhn. */
    static boolean isCard(String value) {
        if (!CARD.matcher(value).matches()) {
            return false;
        }
        String digits = value.replaceAll("[ -]", "");
        if (digits.chars().distinct().count() == 1) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return sum % 10 == 0;
    }

    /** French social security number: its key is 97 minus the first 13 digits mod 97 (Corsica: 2A → 19, 2B → 18). */
    static boolean hasNir(String value) {
        Matcher m = NIR.matcher(value);
        while (m.find()) {
            String department = m.group(4).equals("2A") ? "19" : m.group(4).equals("2B") ? "18" : m.group(4);
            String body = m.group(1) + m.group(2) + m.group(3) + department + m.group(5) + m.group(6);
            long key = 97 - Long.parseLong(body) % 97;
            if (key == Long.parseLong(m.group(7))) {
                return true;
            }
        }
        return false;
    }
}
