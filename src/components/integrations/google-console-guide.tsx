import { CopyButton } from "./copy-button";

export interface GoogleConsoleGuideProps {
  redirectUri: string;
  scopes: { scope: string; description: string }[];
}

/** What to set up in Google Cloud Console for a private Google API, in the order the console asks for it. */
export function GoogleConsoleGuide({ redirectUri, scopes }: GoogleConsoleGuideProps) {
  return (
    <section aria-labelledby="console-guide-heading" className="space-y-4 rounded-lg border border-slate-200 bg-slate-50 p-4 text-sm">
      <h3 id="console-guide-heading" className="font-semibold">
        Set up your Google Cloud project
      </h3>
      <div>
        <p className="label" id="redirect-uri-label">
          Authorized redirect URI
        </p>
        <div className="flex items-center gap-2">
          <code
            aria-labelledby="redirect-uri-label"
            className="block min-w-0 flex-1 overflow-x-auto rounded-md border border-slate-300 bg-white px-2.5 py-1.5 whitespace-nowrap select-all"
            data-testid="redirect-uri"
          >
            {redirectUri}
          </code>
          <CopyButton value={redirectUri} label="Copy redirect URI" what="redirect URI" />
        </div>
        <p className="mt-1 text-xs text-slate-500">Paste it exactly: Google compares it character by character.</p>
      </div>
      <div>
        <p className="label">Scopes to add</p>
        <ul className="space-y-1.5" aria-label="Scopes to add">
          {scopes.map(({ scope, description }) => (
            <li key={scope}>
              <code className="text-xs break-all">{scope}</code>
              <span className="block text-slate-600">{description}</span>
            </li>
          ))}
        </ul>
      </div>
      <div>
        <p className="label">Steps in Google Cloud Console</p>
        <ol className="list-decimal space-y-1 pl-5 text-slate-700">
          <li>Create a project (or pick your company&apos;s).</li>
          <li>APIs &amp; Services › Library: enable the Google Calendar API.</li>
          <li>OAuth consent screen: choose Internal (Google Workspace) and name the app.</li>
          <li>Data access: add the three scopes above.</li>
          <li>Credentials › Create credentials › OAuth client ID, of type Web application.</li>
          <li>Add the redirect URI above under Authorized redirect URIs.</li>
          <li>Download the JSON and upload it here.</li>
        </ol>
      </div>
    </section>
  );
}
