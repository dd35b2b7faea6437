// The template files (`*.hbs`) are Handlebars around TypeScript, JSON, YAML
// or Markdown and cannot be parsed before they are rendered, so Prettier skips
// them here (no @format pragma). The packages `yarn new` renders from them are
// checked instead (scripts/try-plugin-template.sh runs `prettier --check` on
// them). Every other file under templates/ keeps the repository's style.
module.exports = {
  ...require('@backstage/cli/config/prettier'),
  overrides: [
    {
      files: '*.hbs',
      options: { parser: 'babel', requirePragma: true },
    },
  ],
};
