// The web editor's own widget, registered with Decap CMS (web_editor.py writes this file into
// /quan-tri/portal-editor.js, after the lines that give the preview pane the site's style sheets).
//
// "lines": a key that holds one text or a list of texts (a task's partner units, a plan's legal
// bases, a document's replaced numbers, old addresses). Editors write one per line. Decap's own list
// widget cannot open a file where such a key holds a single text (as editors type it by hand), so
// this box reads both forms and writes one line as a text and several as a list, as the guide shows.
(function () {
  "use strict";
  var h = window.h;

  function asLines(value) {
    if (value === null || value === undefined || value === "") {
      return [];
    }
    if (typeof value.toJS === "function") {
      value = value.toJS();
    }
    return Array.isArray(value) ? value.map(String) : [String(value)];
  }

  function fromText(text) {
    var lines = text.split("\n").map(function (line) { return line.trim(); }).filter(Boolean);
    if (lines.length === 0) {
      return "";
    }
    return lines.length === 1 ? lines[0] : lines;
  }

  var LinesControl = window.createClass({
    getInitialState: function () {
      return { text: asLines(this.props.value).join("\n") };
    },
    handleChange: function (event) {
      var text = event.target.value;
      this.setState({ text: text });
      this.props.onChange(fromText(text));
    },
    render: function () {
      var lines = Math.max(2, this.state.text.split("\n").length + 1);
      return h("textarea", {
        id: this.props.forID,
        className: this.props.classNameWrapper,
        value: this.state.text,
        rows: lines,
        style: { minHeight: "4em", resize: "vertical", fontFamily: "inherit" },
        onChange: this.handleChange,
        onFocus: this.props.setActiveStyle,
        onBlur: this.props.setInactiveStyle,
      });
    },
  });

  var LinesPreview = window.createClass({
    render: function () {
      return h("ul", {}, asLines(this.props.value).map(function (line, index) {
        return h("li", { key: index }, line);
      }));
    },
  });

  window.CMS.registerWidget("lines", LinesControl, LinesPreview);

  // The preview pane shows an item as its page does: the site's style sheets (registered above)
  // applied to the markup of overrides/article.html (title, date line, topics, lead photo, summary
  // as the emphasised lead, body).
  function shownDate(value) {
    var match = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}:\d{2}))?/.exec(String(value || ""));
    return match ? (match[4] ? match[4] + " " : "") + match[3] + "/" + match[2] + "/" + match[1] : "";
  }

  var ItemPreview = window.createClass({
    render: function () {
      var data = this.props.entry.get("data");
      var get = function (key) { return plain(data.get(key)); };
      var rules = (window.PORTAL_RULES || {})[this.props.entry.get("collection")] || {};
      var names = {};  // the topics' names: the labels of the form's choices (config.yml)
      (plain(this.props.fields) || []).forEach(function (field) {
        if (field.name === "topics") {
          (field.options || []).forEach(function (option) { names[option.value] = option.label; });
        }
      });
      var topics = (get("topics") || []).map(function (slug) {
        return h("a", { className: "portal-tag", key: slug }, names[slug] || slug);
      });
      var image = get("image") ? this.props.getAsset(get("image")) : null;
      var when = shownDate(get(rules.date_key || "date"));
      return h("div", { className: "md-typeset", style: { padding: "0.5rem 1.5rem", maxWidth: "50rem" } },
        h("article", { className: "portal-article" },
          h("header", { className: "portal-article__header" },
            h("h1", {}, get("title") || ""),
            when ? h("p", { className: "portal-meta" }, h("time", {}, when)) : null,
            topics.length ? h("p", { className: "portal-topic-links" },
              h("span", { className: "portal-topic-links__label" }, "Lĩnh vực:"), " ", topics) : null),
          image ? h("figure", { className: "portal-article__image" },
            h("img", { src: image.toString(), alt: get("image_alt") || "" })) : null,
          get("summary") ? h("p", { className: "portal-lead" }, get("summary")) : null,
          h("div", { className: "portal-article__body" }, this.props.widgetFor("body"))));
    },
  });

  Object.keys(window.PORTAL_RULES || {}).forEach(function (collection) {
    window.CMS.registerPreviewTemplate(collection, ItemPreview);
  });

  // Rules across keys that a form field alone cannot state; `portal check` states the same ones.
  // A rule broken here stops the save with the reason, in Vietnamese, before any file is written.
  function plain(value) {
    return value && typeof value.toJS === "function" ? value.toJS() : value;
  }

  function empty(value) {
    return value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);
  }

  // The rules of the item's kind (window.PORTAL_RULES, written by web_editor.py from the kinds table).
  function kindProblems(collection, data) {
    var declared = (window.PORTAL_RULES || {})[collection] || { rules: [], labels: {} };
    var label = function (key) { return "'" + (declared.labels[key] || key) + "'"; };
    var found = [];
    declared.rules.forEach(function (rule) {
      var first = data[rule[1]], second = data[rule[2]];
      if (rule[0] === "order" && !empty(first) && !empty(second) && String(second) < String(first)) {
        found.push(label(rule[2]) + " (" + second + ") trước " + label(rule[1]) + " (" + first + ").");
      } else if (rule[0] === "same_form" && !empty(first) && !empty(second) &&
                 String(first).length !== String(second).length) {
        found.push(label(rule[1]) + " và " + label(rule[2]) + " phải cùng dạng: cả hai là ngày, hoặc cả hai có giờ.");
      } else if (rule[0] === "together" && !empty(first) && empty(second)) {
        found.push(label(rule[1]) + " cần có " + label(rule[2]) + ".");
      } else if (rule[0] === "unless_draft" && empty(first) && data.draft !== true) {
        found.push(label(rule[1]) + " bắt buộc khi đăng (hoặc bật 'Bản nháp').");
      }
    });
    return found;
  }

  function problems(data) {
    var found = [];
    var consultation = plain(data.consultation);
    if (consultation && (consultation.until || consultation.email) && !(consultation.until && consultation.email)) {
      found.push("Lấy ý kiến: ghi cả ngày nhận góp ý và thư điện tử nhận góp ý (hoặc bỏ trống cả hai).");
    }
    (plain(data.activities) || []).forEach(function (activity, index) {
      var name = "Hoạt động " + (index + 1) + (activity.title ? " (" + activity.title + ")" : "");
      if (activity.date && (activity.start || activity.end)) {
        found.push(name + ": dùng 'Ngày' hoặc 'Bắt đầu'/'Kết thúc', không dùng cả hai.");
      } else if (!activity.date && !activity.start) {
        found.push(name + ": ghi 'Ngày' (hoạt động một ngày) hoặc 'Bắt đầu'.");
      }
    });
    return found;
  }

  window.CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var data = plain(event.entry.get("data")) || {};
      var found = kindProblems(event.entry.get("collection"), data).concat(problems(data));
      if (found.length) {
        throw new Error(found.join(" "));
      }
      if ("consultation" in data && !(data.consultation && (data.consultation.until || data.consultation.email))) {
        return event.entry.get("data").delete("consultation");  // an empty table is no consultation
      }
      return undefined;
    },
  });
})();
