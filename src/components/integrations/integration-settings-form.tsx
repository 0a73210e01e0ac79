"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { toast } from "sonner";
import { fieldErrorsOf } from "~/components/settings/field-errors";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { trpcErrorMessage } from "~/lib/trpc-error-message";
import { useTRPC, type RouterInputs, type RouterOutputs } from "~/trpc/react";
import { plural } from "./format";
import { GoogleConsoleGuide } from "./google-console-guide";
import { InvitationReportPanel } from "./invitation-report";

type Settings = RouterOutputs["integrations"]["get"];
type SaveInput = RouterInputs["integrations"]["save"];
type SaveResult = RouterOutputs["integrations"]["save"];
type Mode = SaveInput["mode"];
type SyncDirection = SaveInput["syncDirection"];

const SYNC_DIRECTIONS: { value: SyncDirection; label: string; help: string }[] = [
  {
    value: "two_way",
    label: "Two-way",
    help: "Bookings go to Google Calendar and fieldworkers' own Google events show in FieldSync, so nobody is double-booked.",
  },
  {
    value: "app_to_google",
    label: "FieldSync → Google only",
    help: "Bookings go to Google Calendar; changes made there are overwritten and nothing is imported: Google events imported so far are hidden until you switch back.",
  },
  {
    value: "google_to_app",
    label: "Google → FieldSync only",
    help: "Fieldworkers' Google events show in FieldSync as busy time; nothing is written to Google.",
  },
];

/** A chosen client-secret file: its text goes to the server, which validates it; the ID is read here only to preview it. */
interface ChosenFile {
  name: string;
  text: string;
  clientId?: string;
  projectId?: string;
}

const MAX_FILE_BYTES = 1_000_000;

function previewClientFile(text: string): Pick<ChosenFile, "clientId" | "projectId"> {
  try {
    const json: unknown = JSON.parse(text);
    if (typeof json !== "object" || json === null || !("web" in json)) return {};
    const web: unknown = json.web;
    if (typeof web !== "object" || web === null) return {};
    const clientId = "client_id" in web && typeof web.client_id === "string" ? web.client_id : undefined;
    const projectId = "project_id" in web && typeof web.project_id === "string" ? web.project_id : undefined;
    return { clientId, projectId };
  } catch {
    return {};
  }
}

function invitationLabel(count: number): string {
  if (count === 0) return "Email an authorization link to the active fieldworkers who aren't connected (none right now)";
  if (count === 1) return "Email an authorization link to the 1 active fieldworker who isn't connected";
  return `Email an authorization link to the ${count} active fieldworkers who aren't connected`;
}

/** The stored settings the form edits, as one comparable string. */
const storedFields = (settings: Settings) =>
  JSON.stringify([settings.mode, settings.privateProjectName, settings.privateClientId, settings.workspaceDomain, settings.syncDirection]);

export interface IntegrationSettingsFormProps {
  settings: Settings;
  /** Fieldworkers connected right now (from the roll-out): they must reconnect when the OAuth client changes. */
  connectedFieldworkers: number;
}

export function IntegrationSettingsForm({ settings, connectedFieldworkers }: IntegrationSettingsFormProps) {
  const trpc = useTRPC();
  const router = useRouter();
  const ids = useId();
  const [mode, setMode] = useState<Mode>(settings.mode ?? (settings.sharedAppAvailable ? "shared" : "private"));
  const [projectName, setProjectName] = useState(settings.privateProjectName);
  const [clientId, setClientId] = useState(settings.privateClientId);
  const [clientSecret, setClientSecret] = useState("");
  const [workspaceDomain, setWorkspaceDomain] = useState(settings.workspaceDomain);
  const [file, setFile] = useState<ChosenFile | null>(null);
  // A file input can't be cleared by state: a new key mounts an empty one.
  const [fileInputKey, setFileInputKey] = useState(0);
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const [syncDirection, setSyncDirection] = useState<SyncDirection>(settings.syncDirection);
  const [sendInvitations, setSendInvitations] = useState(true);
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<SaveResult | null>(null);
  const [sentFile, setSentFile] = useState(false);

  // After a save the page refreshes with what the server stored (a JSON upload fills client ID and project):
  // show that. Refreshes that change nothing stored (a roll-out invitation) keep the admin's unsaved edits.
  const stored = storedFields(settings);
  const [shown, setShown] = useState(stored);
  if (stored !== shown) {
    setShown(stored);
    setMode(settings.mode ?? (settings.sharedAppAvailable ? "shared" : "private"));
    setProjectName(settings.privateProjectName);
    setClientId(settings.privateClientId);
    setWorkspaceDomain(settings.workspaceDomain);
    setSyncDirection(settings.syncDirection);
  }

  const clearFile = () => {
    setFile(null);
    setFileProblem(null);
    setFileInputKey((key) => key + 1);
  };

  const save = useMutation(
    trpc.integrations.save.mutationOptions({
      onSuccess: (saved) => {
        setConfirming(false);
        setResult(saved);
        setClientSecret("");
        clearFile();
        toast.success("Google Workspace settings saved");
        router.refresh();
      },
      onError: (error) => {
        setConfirming(false);
        toast.error(trpcErrorMessage(error));
      },
    }),
  );

  const fieldErrors = fieldErrorsOf(save.error);
  const serverMessage = save.error && Object.keys(fieldErrors).length === 0 ? trpcErrorMessage(save.error) : null;
  // The server answers file problems without naming a field: show them at the file input when a file was sent.
  const fileError = fieldErrors.clientSecretJson ?? (sentFile ? serverMessage : null) ?? fileProblem;
  const formError = sentFile ? null : serverMessage;

  const newClientId = mode === "shared" ? settings.sharedClientId : (file?.clientId ?? clientId.trim()) || null;
  const switchesClient = newClientId !== null && newClientId !== settings.activeClientId && connectedFieldworkers > 0;
  const keepsStoredSecret = settings.privateClientSecretSet && clientId.trim() === settings.privateClientId;

  const submit = () => {
    setResult(null);
    setSentFile(mode === "private" && file !== null);
    const common = { syncDirection, sendInvitations };
    if (mode === "shared") {
      save.mutate({ mode: "shared", ...common });
      return;
    }
    save.mutate({
      mode: "private",
      ...common,
      projectName: projectName.trim() || undefined,
      workspaceDomain,
      ...(file
        ? { clientSecretJson: file.text }
        : { clientId, clientSecret: clientSecret.trim() ? clientSecret : undefined }),
    });
  };

  const onFileChosen = async (chosen: File | undefined) => {
    setFileProblem(null);
    // The previous file's error no longer applies.
    save.reset();
    if (!chosen) {
      setFile(null);
      return;
    }
    if (chosen.size > MAX_FILE_BYTES) {
      setFile(null);
      setFileProblem("That file is too large to be a Google client-secret JSON.");
      return;
    }
    const text = await chosen.text();
    setFile({ name: chosen.name, text, ...previewClientFile(text) });
  };

  const fieldId = (name: string) => `${ids}-${name}`;

  return (
    <form
      className="space-y-6"
      aria-label="Google Workspace settings"
      onSubmit={(event) => {
        event.preventDefault();
        if (switchesClient) setConfirming(true);
        else submit();
      }}
    >
      {settings.setupProblem && (
        <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          {settings.setupProblem}
        </p>
      )}

      <fieldset className="space-y-3">
        <legend className="label">Google API</legend>
        <label className="flex items-start gap-2 text-sm">
          <input
            type="radio"
            name="google-mode"
            className="mt-0.5 h-4 w-4"
            value="shared"
            checked={mode === "shared"}
            disabled={!settings.sharedAppAvailable}
            onChange={() => setMode("shared")}
            aria-describedby={fieldId("shared-help")}
          />
          <span>
            <span className="font-medium">Use FieldSync&apos;s Google API</span>
            <span id={fieldId("shared-help")} className="block text-slate-500">
              {settings.sharedAppAvailable
                ? "Nothing to set up: fieldworkers connect through FieldSync's own Google app, with any Google account."
                : "Not available: this FieldSync deployment has no shared Google app. Use your private Google API."}
            </span>
          </span>
        </label>
        <label className="flex items-start gap-2 text-sm">
          <input
            type="radio"
            name="google-mode"
            className="mt-0.5 h-4 w-4"
            value="private"
            checked={mode === "private"}
            onChange={() => setMode("private")}
            aria-describedby={fieldId("private-help")}
          />
          <span>
            <span className="font-medium">Use private Google API</span>
            <span id={fieldId("private-help")} className="block text-slate-500">
              Your company&apos;s own Google Cloud project: the consent screen shows your name, and an Internal app admits
              only your Workspace accounts.
            </span>
          </span>
        </label>
      </fieldset>

      {mode === "private" && (
        <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
          <fieldset className="min-w-0 space-y-4">
            <legend className="sr-only">Private Google API credentials</legend>
            <div>
              <label className="label" htmlFor={fieldId("file")}>
                Upload client-secret JSON
              </label>
              <input
                key={fileInputKey}
                id={fieldId("file")}
                type="file"
                accept="application/json,.json"
                className="block w-full text-sm file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium hover:file:bg-slate-100"
                onChange={(event) => void onFileChosen(event.target.files?.[0])}
                aria-invalid={Boolean(fileError) || undefined}
                aria-describedby={`${fieldId("file-hint")}${fileError ? ` ${fieldId("file-error")}` : ""}`}
              />
              <p id={fieldId("file-hint")} className="mt-1 text-xs text-slate-500">
                The JSON Google Cloud Console downloads for a Web application client. It fills in the client ID and secret.
              </p>
              {file && (
                <div className="mt-2 flex flex-wrap items-center gap-2 rounded-md bg-slate-100 px-2.5 py-1.5 text-sm" data-testid="chosen-file">
                  <span className="min-w-0 break-all">
                    <span className="font-medium">{file.name}</span>
                    {file.clientId && <span className="text-slate-600"> · client ID {file.clientId}</span>}
                  </span>
                  <button type="button" className="ml-auto text-sm text-brand-700 hover:underline" onClick={() => {
                      clearFile();
                      save.reset();
                    }}
                  >
                    Remove file
                  </button>
                </div>
              )}
              {fileError && (
                <p id={fieldId("file-error")} role="alert" className="field-error">
                  {fileError}
                </p>
              )}
            </div>

            <div>
              <label className="label" htmlFor={fieldId("project")}>
                Project name
              </label>
              <input
                id={fieldId("project")}
                className="input"
                value={projectName}
                onChange={(event) => setProjectName(event.target.value)}
                maxLength={100}
                placeholder={file?.projectId ?? "acme-fieldsync"}
                aria-invalid={Boolean(fieldErrors.projectName) || undefined}
              />
              {fieldErrors.projectName && <p className="field-error">{fieldErrors.projectName}</p>}
            </div>

            <div>
              <label className="label" htmlFor={fieldId("client-id")}>
                Client ID
              </label>
              <input
                id={fieldId("client-id")}
                className="input"
                value={file ? (file.clientId ?? "") : clientId}
                onChange={(event) => setClientId(event.target.value)}
                disabled={file !== null}
                autoComplete="off"
                spellCheck={false}
                placeholder="1234567890-abc.apps.googleusercontent.com"
                aria-invalid={Boolean(fieldErrors.clientId) || undefined}
                aria-describedby={file ? fieldId("from-file") : undefined}
              />
              {fieldErrors.clientId && <p className="field-error">{fieldErrors.clientId}</p>}
            </div>

            <div>
              <label className="label" htmlFor={fieldId("client-secret")}>
                Client secret
              </label>
              <input
                id={fieldId("client-secret")}
                type="password"
                className="input"
                value={file ? "" : clientSecret}
                onChange={(event) => setClientSecret(event.target.value)}
                disabled={file !== null}
                autoComplete="new-password"
                placeholder={file ? "From the uploaded file" : keepsStoredSecret ? "•••• set — leave empty to keep" : "GOCSPX-…"}
                aria-invalid={Boolean(fieldErrors.clientSecret) || undefined}
                aria-describedby={file ? fieldId("from-file") : undefined}
              />
              {fieldErrors.clientSecret && <p className="field-error">{fieldErrors.clientSecret}</p>}
              {file && (
                <p id={fieldId("from-file")} className="mt-1 text-xs text-slate-500">
                  Client ID and secret come from {file.name}. Remove the file to type them instead.
                </p>
              )}
            </div>

            <div>
              <label className="label" htmlFor={fieldId("domain")}>
                Workspace domain
              </label>
              <input
                id={fieldId("domain")}
                className="input"
                value={workspaceDomain}
                onChange={(event) => setWorkspaceDomain(event.target.value)}
                placeholder="acmeplumbing.com"
                autoComplete="off"
                spellCheck={false}
                aria-invalid={Boolean(fieldErrors.workspaceDomain) || undefined}
                aria-describedby={fieldId("domain-hint")}
              />
              <p id={fieldId("domain-hint")} className="mt-1 text-xs text-slate-500">
                An Internal app only admits accounts of this domain: fieldworkers with other addresses are listed as outside
                your Workspace instead of being emailed a link Google would refuse. Leave empty for an External app.
              </p>
              {fieldErrors.workspaceDomain && <p className="field-error">{fieldErrors.workspaceDomain}</p>}
            </div>
          </fieldset>

          <GoogleConsoleGuide redirectUri={settings.redirectUri} scopes={settings.scopes} />
        </div>
      )}

      <fieldset className="space-y-3">
        <legend className="label">Sync direction</legend>
        {SYNC_DIRECTIONS.map((direction) => (
          <label key={direction.value} className="flex items-start gap-2 text-sm">
            <input
              type="radio"
              name="sync-direction"
              className="mt-0.5 h-4 w-4"
              value={direction.value}
              checked={syncDirection === direction.value}
              onChange={() => setSyncDirection(direction.value)}
            />
            <span>
              <span className="font-medium">{direction.label}</span>
              <span className="block text-slate-500">{direction.help}</span>
            </span>
          </label>
        ))}
      </fieldset>

      <label className="flex items-start gap-2 text-sm">
        <input
          type="checkbox"
          className="mt-0.5 h-4 w-4"
          checked={sendInvitations}
          onChange={(event) => setSendInvitations(event.target.checked)}
          aria-describedby={fieldId("invite-help")}
        />
        <span>
          <span className="font-medium">{invitationLabel(settings.invitableCount)}</span>
          <span id={fieldId("invite-help")} className="block text-slate-500">
            Fieldworkers invited in the last 24 hours aren&apos;t emailed again. Untick to invite people one by one from the
            roll-out table.
          </span>
        </span>
      </label>

      {switchesClient && (
        <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          Switching Google credentials means the {plural(connectedFieldworkers, "connected fieldworker", "connected fieldworkers")}{" "}
          must reconnect: Google ties their access to the app that granted it.
        </p>
      )}
      {formError && (
        <p role="alert" className="field-error">
          {formError}
        </p>
      )}

      <div className="flex justify-end">
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save"}
        </button>
      </div>

      {result && (
        <InvitationReportPanel heading="Settings saved." report={result.invitations} needsReauthorization={result.needsReauthorization} />
      )}

      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title="Switch Google credentials?"
        description={`The ${plural(connectedFieldworkers, "connected fieldworker", "connected fieldworkers")} will have to reconnect their Google Calendar: their current access belongs to the old Google app. Syncing stops for them until they do.`}
        confirmLabel="Switch and save"
        pending={save.isPending}
        onConfirm={submit}
      />
    </form>
  );
}
