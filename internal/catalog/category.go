package catalog

import (
	"errors"
	"io/fs"
	"strings"

	"gongkai/internal/domain"
)

// categoryTree resolves a document's `category` value, which may be a
// category id or a path of names from the top ("义务教育/招生管理/招生政策").
type categoryTree struct {
	ids   map[string]bool
	paths map[string]string // "名/名/名" -> id
}

// resolve returns the id the value names, or "" when it names none.
func (t categoryTree) resolve(v string) string {
	if t.ids[v] {
		return v
	}
	return t.paths[normalizePath(v)]
}

// normalizePath trims the segments of a name path and drops empty ones, so
// "义务教育 / 招生管理/" names the same category as "义务教育/招生管理".
func normalizePath(p string) string {
	var segs []string
	for _, s := range strings.Split(p, "/") {
		if s = strings.TrimSpace(s); s != "" {
			segs = append(segs, s)
		}
	}
	return strings.Join(segs, "/")
}

// loadCategories reads categories.toml. ok is false when the file is
// missing or not valid TOML: every document depends on the tree, so the
// load cannot go on even with KeepGoing. Bad entries are skipped (and
// reported); their children are then reported as having no parent.
func (l *loader) loadCategories() (cats []domain.Category, tree categoryTree, ok bool) {
	tree = categoryTree{ids: map[string]bool{}, paths: map[string]string{}}
	src, err := fs.ReadFile(l.fsys, categoriesFile)
	if errors.Is(err, fs.ErrNotExist) {
		l.add(categoriesFile, 0, "缺少分类目录文件 categories.toml（格式见 docs/catalogue-format.md）")
		return nil, tree, false
	} else if err != nil {
		l.add(categoriesFile, 0, "无法读取：%v", err)
		return nil, tree, false
	}
	if !l.checkUTF8(categoriesFile, 0, src) {
		return nil, tree, false
	}
	t, ok := l.decodeTOML(categoriesFile, 0, string(src))
	if !ok {
		return nil, tree, false
	}
	l.checkTopKeys(t, "category")

	type node struct {
		path     string
		children int
	}
	nodes := map[string]*node{"": {}} // id -> node; "" is the root
	firstLine := map[string]int{}     // id -> line where it was declared
	for _, f := range l.entries(t, "category") {
		f.unknown("id", "name", "parent")
		c := domain.Category{ID: f.id("id"), Name: f.str("name", true), ParentID: f.str("parent", false)}
		if c.ID != "" && !validCategoryID(c.ID) {
			f.problem("id", "分类 id %q 只能用英文字母、数字、'-' 和 '_'", c.ID)
		}
		if strings.Contains(c.Name, "/") {
			f.problem("name", "分类名称 %q 不能含 '/'（'/' 用来分隔分类路径）", c.Name)
		}
		if n, dup := firstLine[c.ID]; dup && c.ID != "" {
			f.problem("id", "分类 id %q 重复（第 %d 行已使用）", c.ID, n)
		}
		parent, parentOK := nodes[c.ParentID]
		if c.ParentID != "" && !parentOK {
			if _, later := firstLine[c.ParentID]; later {
				f.problem("parent", "上级分类 %q 有错误，本分类一并跳过", c.ParentID)
			} else {
				f.problem("parent", "上级分类 %q 不存在，或写在本分类之后（上级必须先声明）", c.ParentID)
			}
		}
		path := c.Name
		if parentOK && parent.path != "" {
			path = parent.path + "/" + c.Name
		}
		if other, dup := tree.paths[path]; dup && parentOK && c.Name != "" {
			f.problem("name", "同一上级下已有名为 %q 的分类（id %q），分类路径会有歧义", c.Name, other)
		}
		if c.ID != "" {
			if _, seen := firstLine[c.ID]; !seen {
				firstLine[c.ID] = f.line("id")
			}
		}
		if f.bad {
			continue
		}
		c.Order = parent.children
		parent.children++
		nodes[c.ID] = &node{path: path}
		tree.ids[c.ID] = true
		tree.paths[path] = c.ID
		cats = append(cats, c)
	}
	return cats, tree, true
}

// validCategoryID reports whether id uses only ASCII letters, digits, '-'
// and '_', so it is safe in URLs, file names and SQL LIKE patterns.
func validCategoryID(id string) bool {
	for i := 0; i < len(id); i++ {
		if c := id[i]; !isBareKeyByte(c) {
			return false
		}
	}
	return id != ""
}
