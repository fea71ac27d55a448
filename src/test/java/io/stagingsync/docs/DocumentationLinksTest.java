package io.stagingsync.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.FileVisitResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every relative link of the README and docs/ (and the other Markdown files of the repository) names a file that
 * exists and, when it has one, an anchor that is a heading of that file: moved sections leave no dead link behind.
 */
class DocumentationLinksTest {

    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`]*`");

    @Test
    void everyRelativeLinkAndAnchorOfTheDocumentationResolves() throws IOException {
        List<Path> files = markdownFiles();
        assertTrue(files.contains(Path.of("README.md")) && files.contains(Path.of("docs/rules.md")),
                "the README and docs/ are checked: " + files);
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path file : files) {
            for (String target : relativeLinks(Files.readString(file))) {
                checked++;
                String problem = problem(file, target);
                if (problem != null) {
                    broken.add(file + ": (" + target + ") " + problem);
                }
            }
        }
        assertEquals(List.of(), broken, "dead links");
        assertTrue(checked > 40, "the links were found (" + checked + ")");
    }

    @Test
    void aLinkToAMissingAnchorOrFileIsReported() throws IOException {
        assertEquals("no heading #no-such-section in README.md", problem(Path.of("README.md"), "#no-such-section"));
        assertEquals("no file docs/nowhere.md", problem(Path.of("README.md"), "docs/nowhere.md"));
        assertEquals(null, problem(Path.of("docs/rules.md"), "../README.md#quick-start"));
    }

    @Test
    void anchorsAreTheHeadingsAsGitHubSpellsThem() {
        Set<String> anchors = anchors("""
                ## Starting from the backup: `init`
                ### A live database (`SYNC_SOURCE=postgres://…`)
                ```sh
                # not a heading
                ```
                ## Tests
                ## Tests
                """);
        assertEquals(Set.of("starting-from-the-backup-init", "a-live-database-sync_sourcepostgres", "tests",
                "tests-1"), anchors);
    }

    /** The build's own folders are never entered: the other tests create and delete files in target/ meanwhile. */
    private static List<Path> markdownFiles() throws IOException {
        Path root = Path.of(".");
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                Path relative = root.relativize(dir);
                return relative.startsWith("target") || relative.startsWith(".git")
                        || relative.startsWith("node_modules") ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (file.toString().endsWith(".md")) {
                    found.add(root.relativize(file));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        found.sort(null);
        return found;
    }

    /** Link targets outside code, other than web addresses. */
    private static List<String> relativeLinks(String markdown) {
        List<String> links = new ArrayList<>();
        boolean fence = false;
        for (String line : markdown.split("\n")) {
            if (line.startsWith("```")) {
                fence = !fence;
                continue;
            }
            if (fence) {
                continue;
            }
            Matcher m = LINK.matcher(INLINE_CODE.matcher(line).replaceAll("``"));
            while (m.find()) {
                String target = m.group(1);
                if (!target.matches("^[a-z]+:.*")) {
                    links.add(target);
                }
            }
        }
        return links;
    }

    private static String problem(Path from, String target) throws IOException {
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        Path file = path.isEmpty() ? from : normalize(from, path);
        if (!Files.exists(file)) {
            return "no file " + file;
        }
        if (hash < 0) {
            return null;
        }
        String anchor = target.substring(hash + 1);
        if (!file.toString().endsWith(".md") || !anchors(Files.readString(file)).contains(anchor)) {
            return "no heading #" + anchor + " in " + file;
        }
        return null;
    }

    private static Path normalize(Path from, String path) {
        Path dir = from.getParent() == null ? Path.of("") : from.getParent();
        return dir.resolve(path).normalize();
    }

    /** GitHub's anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
    private static Set<String> anchors(String markdown) {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fence = false;
        for (String line : markdown.split("\n")) {
            if (line.startsWith("```")) {
                fence = !fence;
            }
            Matcher m = HEADING.matcher(line);
            if (fence || !m.matches()) {
                continue;
            }
            String slug = m.group(1).toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}_\\- ]", "").replace(' ', '-');
            int n = seen.merge(slug, 1, Integer::sum) - 1;
            anchors.add(n == 0 ? slug : slug + "-" + n);
        }
        return anchors;
    }
}
