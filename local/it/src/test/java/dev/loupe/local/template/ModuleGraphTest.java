package dev.loupe.local.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.constantpool.Utf8Entry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.loupe.local.LoupeRoot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module graph, from the compiled classes (as {@link TemplateTest} reads them, with the JDK's ClassFile API):
 * lib modules use only the modules that lib/allowed-dependencies.txt allows them, every module uses only the lib
 * modules its pom declares, and the packages of all modules form no cycle. Run after a build (the classes of every
 * lib/* and functions/* module must be there); the function jars' contents are checked too.
 */
class ModuleGraphTest {
    private static final Path ROOT = LoupeRoot.path();
    private static final Pattern DESCRIPTOR_CLASS = Pattern.compile("L(dev/loupe/[\\w/$]+)[;<]");
    private static final Pattern LIB_ARTIFACT = Pattern.compile("<artifactId>loupe-lib-([\\w-]+)</artifactId>");

    /** Module ("core", "functions/tasks") to the internal names of its classes. */
    private static final Map<String, Set<String>> CLASSES = new TreeMap<>();
    /** Internal class name to its module. */
    private static final Map<String, String> MODULE_OF = new HashMap<>();
    /** Class to the Loupe classes it refers to (constant pool and descriptors/signatures). */
    private static final Map<String, Set<String>> REFERENCES = new HashMap<>();

    @BeforeAll
    static void readClasses() throws IOException {
        for (Path dir : modules()) {
            String module = moduleName(dir);
            Path classes = dir.resolve("target/classes");
            assertThat(classes).as("%s is built (run mvn package first)", module).isDirectory();
            Set<String> names = new TreeSet<>();
            try (Stream<Path> files = Files.walk(classes)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                    String name = classes.relativize(file).toString().replace('\\', '/').replaceAll("\\.class$", "");
                    if (name.endsWith("module-info")) continue;
                    names.add(name);
                    MODULE_OF.put(name, module);
                    REFERENCES.put(name, referencesOf(Files.readAllBytes(file)));
                }
            }
            CLASSES.put(module, names);
        }
        assertThat(CLASSES).as("modules found").containsKeys("core", "auth", "functions/auth");
    }

    @Test
    void libModulesUseOnlyWhatTheAllowedGraphAllows() throws IOException {
        Map<String, Set<String>> allowed = allowedGraph();
        List<String> libs = CLASSES.keySet().stream().filter(m -> !m.startsWith("functions/")).toList();
        assertThat(allowed.keySet()).as("every lib module has a line in lib/allowed-dependencies.txt")
                .containsAll(libs);
        List<String> forbidden = new ArrayList<>();
        for (String module : libs) {
            usesOf(module).forEach((used, example) -> {
                if (!allowed.get(module).contains(used)) {
                    forbidden.add(module + " -> " + used + " (" + example + ")");
                }
            });
        }
        assertThat(forbidden).as("dependencies that lib/allowed-dependencies.txt does not allow").isEmpty();
    }

    @Test
    void everyModuleDeclaresTheLibModulesItUses() throws IOException {
        List<String> undeclared = new ArrayList<>();
        for (String module : CLASSES.keySet()) {
            Set<String> declared = declaredLibModules(module);
            usesOf(module).forEach((used, example) -> {
                if (!declared.contains(used)) {
                    undeclared.add(module + " -> " + used + " (" + example + ")");
                }
            });
        }
        assertThat(undeclared).as("uses of lib modules that the user's pom.xml does not declare").isEmpty();
    }

    @Test
    void theAllowedGraphIsAcyclic() throws IOException {
        Map<String, Set<String>> allowed = allowedGraph();
        assertThat(cycles(allowed)).as("cycles in lib/allowed-dependencies.txt").isEmpty();
    }

    @Test
    void packagesFormNoCycle() {
        Map<String, Set<String>> packages = new TreeMap<>();
        REFERENCES.forEach((from, targets) -> {
            Set<String> edges = packages.computeIfAbsent(packageOf(from), p -> new TreeSet<>());
            for (String to : targets) {
                if (MODULE_OF.containsKey(to) && !packageOf(to).equals(packageOf(from))) {
                    edges.add(packageOf(to));
                }
            }
        });
        assertThat(cycles(packages)).as("package cycles").isEmpty();
    }

    /** Auth's jar carries only what DynamoDB and tokens need: the point of the split. */
    @Test
    void authJarCarriesNoS3SqsExifOrImaging() throws IOException {
        Path auth = ROOT.resolve("functions/auth/target/loupe-auth.jar");
        assertThat(auth).as("built (run mvn package first)").isRegularFile();
        try (JarFile jar = new JarFile(auth.toFile())) {
            List<String> heavy = jar.stream().map(java.util.jar.JarEntry::getName)
                    .filter(n -> n.startsWith("software/amazon/awssdk/services/s3/")
                            || n.startsWith("software/amazon/awssdk/services/sqs/")
                            || n.startsWith("com/drew/") || n.startsWith("dev/loupe/s3/")
                            || n.startsWith("dev/loupe/sqs/") || n.startsWith("dev/loupe/imaging/"))
                    .limit(5).toList();
            assertThat(heavy).as("S3, SQS, EXIF or imaging classes in loupe-auth.jar").isEmpty();
            assertThat(jar.getEntry("dev/loupe/auth/TokenVerifier.class")).isNotNull();
        }
    }

    /** The task functions' jar carries no library domain, and so no EXIF reader: tasks only process files. */
    @Test
    void tasksJarCarriesNoLibraryOrExif() throws IOException {
        Path tasks = ROOT.resolve("functions/tasks/target/loupe-tasks.jar");
        assertThat(tasks).as("built (run mvn package first)").isRegularFile();
        try (JarFile jar = new JarFile(tasks.toFile())) {
            List<String> foreign = jar.stream().map(java.util.jar.JarEntry::getName)
                    .filter(n -> n.startsWith("dev/loupe/library/") || n.startsWith("com/drew/"))
                    .limit(5).toList();
            assertThat(foreign).as("library or EXIF classes in loupe-tasks.jar").isEmpty();
            assertThat(jar.getEntry("dev/loupe/task/TaskWorker.class")).isNotNull();
        }
    }

    /**
     * The Java client (clients/java) is for projects' backends: it must build and run without any of Loupe's server
     * modules, so its classes refer to no Loupe class outside {@code dev.loupe.client} and its pom names none.
     */
    @Test
    void theJavaClientUsesNoServerModule() throws IOException {
        Path classes = ROOT.resolve("clients/java/target/classes");
        assertThat(classes).as("clients/java is built (run mvn package first)").isDirectory();
        Map<String, String> foreign = new TreeMap<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace('\\', '/');
                referencesOf(Files.readAllBytes(file)).stream().filter(r -> !r.startsWith("dev/loupe/client/"))
                        .forEach(r -> foreign.putIfAbsent(r, name));
            }
        }
        assertThat(foreign).as("Loupe classes outside dev.loupe.client that the client uses").isEmpty();
        String pom = Files.readString(ROOT.resolve("clients/java/pom.xml"));
        assertThat(pom.replaceFirst("(?s)<parent>.*?</parent>", "")).doesNotContain("<groupId>dev.loupe</groupId>");
    }

    /** The lib modules that {@code module}'s classes use, each with one example reference. */
    private static Map<String, String> usesOf(String module) {
        Map<String, String> uses = new TreeMap<>();
        for (String from : CLASSES.get(module)) {
            for (String to : REFERENCES.get(from)) {
                String target = MODULE_OF.get(to);
                if (target != null && !target.equals(module)) {
                    uses.putIfAbsent(target, from + " -> " + to);
                }
            }
        }
        return uses;
    }

    private static Set<String> referencesOf(byte[] bytes) {
        Set<String> refs = new TreeSet<>();
        for (PoolEntry entry : ClassFile.of().parse(bytes).constantPool()) {
            if (entry instanceof ClassEntry c) {
                String name = c.asInternalName();
                // Array classes: [Ldev/loupe/...; is a descriptor.
                if (name.startsWith("dev/loupe/")) refs.add(name);
            }
            if (entry instanceof Utf8Entry utf8 && utf8.stringValue().contains("Ldev/loupe/")) {
                Matcher m = DESCRIPTOR_CLASS.matcher(utf8.stringValue());
                while (m.find()) refs.add(m.group(1));
            }
        }
        return refs;
    }

    /** Every lib/* and functions/* directory with a pom.xml. */
    private static List<Path> modules() throws IOException {
        List<Path> dirs = new ArrayList<>();
        for (String parent : List.of("lib", "functions")) {
            try (Stream<Path> children = Files.list(ROOT.resolve(parent))) {
                children.filter(d -> Files.isRegularFile(d.resolve("pom.xml"))).sorted().forEach(dirs::add);
            }
        }
        return dirs;
    }

    private static String moduleName(Path dir) {
        String name = dir.getFileName().toString();
        return dir.getParent().getFileName().toString().equals("functions") ? "functions/" + name : name;
    }

    private static Set<String> declaredLibModules(String module) throws IOException {
        Path pom = ROOT.resolve(module.startsWith("functions/") ? module : "lib/" + module).resolve("pom.xml");
        Set<String> declared = new TreeSet<>();
        Matcher m = LIB_ARTIFACT.matcher(Files.readString(pom));
        while (m.find()) declared.add(m.group(1));
        return declared;
    }

    static Map<String, Set<String>> allowedGraph() throws IOException {
        Map<String, Set<String>> graph = new LinkedHashMap<>();
        for (String raw : Files.readAllLines(ROOT.resolve("lib/allowed-dependencies.txt"))) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] sides = line.split("->", -1);
            assertThat(sides).as("line \"%s\" has the form <module> -> <module>...", line).hasSize(2);
            String module = sides[0].strip();
            assertThat(graph).as("%s has one line", module).doesNotContainKey(module);
            Set<String> targets = new TreeSet<>();
            for (String target : sides[1].strip().split("\\s+")) {
                if (!target.isEmpty()) targets.add(target);
            }
            graph.put(module, targets);
        }
        return graph;
    }

    /** The strongly connected components with more than one node (Tarjan), each as a sorted set. */
    static List<Set<String>> cycles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        List<String> stack = new ArrayList<>();
        Set<String> onStack = new java.util.HashSet<>();
        List<Set<String>> found = new ArrayList<>();
        int[] counter = {0};
        for (String node : graph.keySet()) {
            if (!index.containsKey(node)) connect(node, graph, index, low, stack, onStack, found, counter);
        }
        return found;
    }

    private static void connect(String node, Map<String, Set<String>> graph, Map<String, Integer> index,
                                Map<String, Integer> low, List<String> stack, Set<String> onStack,
                                List<Set<String>> found, int[] counter) {
        index.put(node, counter[0]);
        low.put(node, counter[0]++);
        stack.add(node);
        onStack.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            if (!index.containsKey(next)) {
                connect(next, graph, index, low, stack, onStack, found, counter);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            Set<String> component = new TreeSet<>();
            String popped;
            do {
                popped = stack.removeLast();
                onStack.remove(popped);
                component.add(popped);
            } while (!popped.equals(node));
            if (component.size() > 1) found.add(component);
        }
    }

    private static String packageOf(String internalName) {
        int slash = internalName.lastIndexOf('/');
        return slash < 0 ? "" : internalName.substring(0, slash).replace('/', '.');
    }
}
