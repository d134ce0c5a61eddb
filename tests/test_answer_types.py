"""What a question asks for, whether a sentence holds a name or a kind of it (figures: `test_figures.py`)."""

from __future__ import annotations

import pytest

from assistant.answering.answer_types import AnswerType, is_overview, question_type
from assistant.answering.mentions import holds

T = AnswerType


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Combien coûte la location d'un robot humanoïde Tora ?", T.MONEY),
        ("Combien Helioscale investit-il près de Lyon ?", T.MONEY),
        ("What is Neuralink's most recent valuation?", T.MONEY),
        ("How many GPUs will Mistral Compute use?", T.COUNT),
        ("Combien de salariés compte Bullish ?", T.COUNT),
        ("How many of its low-cost MacBooks does Apple expect to ship?", T.COUNT),
        ("What share of coding tasks did GPT-4 Turbo complete?", T.PERCENT),
        ("Quel pourcentage des PME américaines prévoient la blockchain ?", T.PERCENT),
        ("When did OpenAI release o3-pro?", T.DATE),
        ("En quelle année Redis est-il sorti ?", T.DATE),
        ("How long does the battery last?", T.DURATION),
        ("Combien de temps dure l'essai ?", T.DURATION),
        ("Who founded Quartzia?", T.PERSON),
        ("Which Supreme Court justice wrote the majority opinion?", T.PERSON),
        ("Which company acquired Scale AI?", T.ORGANISATION),
        ("Which company's 'AI Scientist' tried to rewrite its own script?", T.ORGANISATION),  # not the scientist
        ("Quel fonds a mené le tour de table de Kaskad ?", T.ORGANISATION),
        ("Quelle est l'entreprise qui a racheté Kaskad ?", T.ORGANISATION),  # « qui » relates the firm
        ("Who ordered the Rover Q4 robot dogs?", T.ORGANISATION),  # a customer: Norvik Energy, a firm
        ("Qui a commandé les robots Rover Q4 ?", T.ORGANISATION),
        ("Quel est le pays qui a interdit Orvane ?", T.PLACE),
        ("Quel est le nouveau taux directeur de la banque centrale ?", T.OPEN),  # a rate, not a « directeur »
        ("When pruning a model, which layer does Orvane drop first?", T.OPEN),  # a clause, not a date
        ("Where will the data centre be built?", T.PLACE),
        ("Dans quelle ville Siltane produit-elle ses puces ?", T.PLACE),
        ("What is the new model called?", T.PRODUCT),
        ("Comment s'appelle le modèle dévoilé par Meta ?", T.PRODUCT),
        ("Quelle est la fenêtre de contexte de Rnj-1 ?", T.QUANTITY),
        ("How much floor space will each Netflix House cover?", T.QUANTITY),
        ("Why did the EU delay its AI Act?", T.OPEN),
        ("And which investor led that Series B?", T.ORGANISATION),  # a fund as often as a person
        ("Orvane raised $40 million: how much of it was debt?", T.MONEY),  # not a share
        ("How much of its revenue comes from ads?", T.PERCENT),
        ("Sur quel domaine portera la plateforme que Siltane doit lancer ?", T.OPEN),  # not a platform
        ("Quelle méthode Kaskad utilise-t-il pour compresser ses modèles ?", T.OPEN),  # a method is described
        ("What term describes labs handing research to their own models?", T.OPEN),  # a term, not the labs
        ("What kind of model can a student fine-tune over a weekend?", T.OPEN),  # "fine-tune" is no fine
        ("Who is the intended audience for the new dashboard?", T.OPEN),
        ("Quel modèle Orvane abandonnerait-il au profit d'un modèle fermé ?", T.PRODUCT),  # not a profit
        ("What price range will Orvane charge for the chip?", T.MONEY),
        ("How much did the models improve with random rewards?", T.PERCENT),
        ("How much had its shares climbed year to date?", T.PERCENT),  # any form of the verb
        ("Combien des 11 fondateurs d'Orvane sont encore là ?", T.COUNT),  # « combien des »: a count
        ("Which company can block Orvane's plan to become a for-profit firm?", T.ORGANISATION),  # not a profit
        ("Over what period does the founders' equity vest?", T.DURATION),
        ("How does the author who doubts tech debt describe scheduling it?", T.OPEN),  # "who" as a relative
        ("De combien de pays venaient les réponses à l'enquête d'Orvane ?", T.COUNT),  # from how many, not by how much
        ("De combien a baissé le prix de la puce Siltane ?", T.PERCENT),
        ("How much power will Orvane's up-to-$5 billion campus add?", T.QUANTITY),  # "up-to" is no rise
        ("Which news outlet first reported the Kaskad deal?", T.ORGANISATION),  # "news" is singular
        ("What is the name of the OpenAI policy chief who wrote the letter?", T.PERSON),
        ("How much does the Rabbit R1 weigh?", T.QUANTITY),
        ("Combien d'eau consomme une requête ChatGPT ?", T.QUANTITY),  # litres, not a count
        ("Quelle est la capacité, en kWh, de la batterie de WeLion ?", T.QUANTITY),
        ("What is the parameter count of Apple's Ajax model?", T.QUANTITY),
        ("On what exact date will the feature ship in German?", T.DATE),
        ("At which medical conference were the results presented?", T.PRODUCT),  # an event is named
        ("Which AI developer earned the top score in the index?", T.ORGANISATION),  # the winner, not the score
        ("What is the maximum number of tools a request may define?", T.COUNT),
        ("Entre quels deux aéroports le prototype a-t-il volé ?", T.PLACE),
        ("Au cours de quel trimestre de 2026 Oracle déploiera-t-il les puces ?", T.DATE),
        ("How much have sales dropped since the launch?", T.PERCENT),
        ("How many times more tokens does the agent use?", T.PERCENT),  # a ratio
        ("How many times has Orvane been fined?", T.COUNT),
        ("Where can developers buy pre-built agents?", T.PRODUCT),  # a marketplace, not a place
        ("Which Orvane-backed developer runs the site?", T.ORGANISATION),
        ("Researchers found it works just like in which other area of AI?", T.OPEN),  # a field, not a surface
        ("Which investment banks will handle Orvane's listing?", T.ORGANISATION),  # banks, not an investment
        ("Which carmaker overtook Orvane in sales last quarter?", T.ORGANISATION),  # a firm, not the sales
        ("Which chromosome did the researchers edit?", T.OPEN),  # the verb ends the kind: not the researchers
        ("What valuation is Orvane targeting?", T.MONEY),  # not Orvane "labs"
        ("Which executives signed the letter?", T.PERSON),  # plural kinds
        ("The regulators of which two states must approve the deal?", T.PLACE),
        ("What energy density does the new cell reach?", T.QUANTITY),
        ("Quelle profondeur atteindra le puits de forage ?", T.QUANTITY),
        ("Quel sous-traitant a été piraté ?", T.ORGANISATION),
        ("What share of firms plan to cut staff?", T.PERCENT),  # "of firms": not the firms
        ("What is the smallest model size in the Orvane family?", T.QUANTITY),
        ("Quelle est la vitesse maximale du robot ?", T.QUANTITY),
        ("What fate awaits frameworks unless new patterns emerge?", T.OPEN),  # a verb in -s ends the kind
        ("Whose regulatory filings does the proposal want to open?", T.ORGANISATION),  # a body's or a person's
        ("Que signifie le sigle FiT, une architecture à n'importe quelle résolution ?", T.OPEN),  # words, not a size
        ("What weight values does the ternary model use?", T.OPEN),  # a model's weights weigh nothing
        ("How many weekly subscribers does Orvane report?", T.COUNT),  # "weekly" is no number of weeks
        ("What lets the model draw a specific number of objects?", T.OPEN),  # some, not how many
        ("Pourquoi un certain nombre de clients quittent-ils Orvane ?", T.OPEN),
        ("Qu'est-ce qui a ralenti AWS selon Bloomberg ?", T.OPEN),  # « qu'est-ce qui »: what, not who
        ("Selon Bloomberg, qui a ralenti AWS ?", T.PERSON),
        ("Quelle chirurgienne a opéré le premier patient ?", T.PERSON),  # an occupation names a person
        ("Which astronaut commanded the Orvane mission?", T.PERSON),
        ("Which pilot program did Orvane launch?", T.OPEN),  # "pilot" qualifies the program
        ("What detection rate did the Halcyon scanner reach?", T.PERCENT),
        ("What frame rate does the Orvane camera record at?", T.QUANTITY),
        ("By what factor did Stratus cut its latency?", T.PERCENT),
        ("What does Stratus charge per GPU-hour?", T.MONEY),
        ("Quel est le temps moyen de réponse du support de Telvéa ?", T.DURATION),
        ("How thick is Orvane's folding phone?", T.QUANTITY),
        ("On which dates does the Kaskad summit run?", T.DATE),
        ("In which decade was Altica founded?", T.DATE),
        ("How old is the wiretap law?", T.DURATION),
        ("What cash prize does the Quayside hackathon award?", T.MONEY),
        ("What was the final tally of the council's vote?", T.COUNT),
        ("Which Altica shareholder filed the lawsuit over the pay package?", T.PERSON),  # not the pay
        ("At which hospital was the Kaskad implant first fitted?", T.ORGANISATION),
        ("Which Saudi royal is among the backers of Orvane's round?", T.PERSON),  # not the backers
        ("How much land does the Helioscale campus cover?", T.QUANTITY),  # an area, not a sum
        ("What risk do staff face if they ask Orvane for higher pay?", T.OPEN),  # a risk, not the pay
        ("Quel est le meilleur moyen d'être payé comme on le souhaite ?", T.OPEN),
        ("What does the auxiliary-loss-free routing paper improve?", T.OPEN),  # no loss
        # the kind a publication, a member, a fare, a deadline or a database is
        ("In which scientific journal did the Kaskad team publish its results?", T.ORGANISATION),
        ("Dans quelle revue scientifique Orvane a-t-il publié ses travaux ?", T.ORGANISATION),
        ("Which pet retail chain stocks Altica's treats?", T.ORGANISATION),
        ("Which member of the Orvane board resigned?", T.PERSON),
        ("Which ChatGPT co-creator joined Orvane?", T.PERSON),  # not his pay
        ("What fare did Stratus charge for a ride?", T.MONEY),
        ("Quelle est la date limite de dépôt des dossiers ?", T.DATE),
        ("What is the knowledge cutoff of Lark-2?", T.DATE),
        ("What starting gross margin do Kaskad's clinics earn?", T.PERCENT),
        ("Which Linux distribution runs inside the Orvane terminal?", T.PRODUCT),
        ("Which word-embedding model does the Halcyon search rely on?", T.PRODUCT),  # not a word
        # a name asked first, whatever figure words follow; "invest in to" names no unit (To)
        ("What is the name of the App Store interface that widens in-app sales?", T.PRODUCT),
        ("What's the name of the startup that raised $50 million?", T.PRODUCT),
        ("What is the name of the CEO of Mistral?", T.PERSON),
        ("Which European robotics firm did Neom invest in to automate rebar production?", T.ORGANISATION),
        ("How much GPU VRAM does the library need for a 100k-token context?", T.QUANTITY),
        ("How much does the memory upgrade cost?", T.MONEY),
        ("Which method works from coarse to fine?", T.OPEN),  # "fine" is no penalty here
        ("How much was Google fined by the EU?", T.MONEY),
    ],
)
def test_question_types(question, expected):
    assert question_type(question) is expected


def test_what_the_fourth_fresh_set_taught():
    ago = "Il y a environ combien d'années Tim Cook a-t-il essayé le casque ?"
    assert holds("Tim Cook first tried the headset maybe eight years ago.", T.DURATION, ago)  # "ago" is asked
    assert not holds("Tim Cook first tried it eight years ago.", T.DURATION, "How long did the trial last?")
    area = "How much land does the Orvane campus cover?"
    assert holds("The campus covers one and a half square miles.", T.QUANTITY, area)
    assert holds("The airspace covers 6,000 square miles.", T.QUANTITY, "How large is the restricted airspace?")
    assert holds("Orvane has a sales team of more than 500 people.", T.QUANTITY, "How large is Orvane's sales team?")
    assert holds("SIEVE uses one queue.", T.COUNT, "How many queues does SIEVE rely on?")
    density = "Quelle densité de stockage record les chercheurs ont-ils atteinte ?"
    assert holds("The discs store 1.85 terabytes per cubic centimeter.", T.QUANTITY, density)
    release = "Which Orvane release is cited as proof that test-time compute helps?"
    assert holds("The authors cite o1 as proof.", T.PRODUCT, release)
    assert holds(
        "Apple will ship it in iOS 18.", T.PRODUCT, "Dans quelle version de son système Apple l'intègre-t-elle ?"
    )
    pixels = "What angular resolution, in pixels per degree, is the limit of human acuity?"
    assert not holds("The headset has a 110-degree field of view.", T.QUANTITY, pixels)
    lab = "Which university or lab's researchers proposed the method?"
    assert not holds("Optillm uses research algorithms like Monte Carlo Tree Search.", T.ORGANISATION, lab)
    assert holds("Researchers from Redwood Research found it.", T.ORGANISATION, lab)
    language = "In which programming language is pg_flo written?"
    assert not holds("It streams data between PostgreSQL databases for ETL.", T.PRODUCT, language)
    assert holds("pg_flo is written in Go.", T.PRODUCT, language)
    hospital = "At which hospital did doctors treat the boy?"
    assert not holds("Medical staff in Manchester halted the disease.", T.ORGANISATION, hospital)
    assert holds("Doctors at Royal Manchester Children's Hospital treated him.", T.ORGANISATION, hospital)
    change = "By how much did Quillon cut its median pipeline time?"
    assert holds("Median pipeline time dropped from 31 to 12 minutes.", T.PERCENT, change)  # a change, not a share
    assert holds("Le temps médian est passé de 31 à 12 minutes.", T.PERCENT, "De combien le temps a-t-il baissé ?")
    year = "In which year are the first Orvane devices expected to go on sale?"
    assert not holds("Orvane had confirmed its plans earlier this year.", T.DATE, year)  # a year to come
    assert holds("The first devices are expected in 2026.", T.DATE, year)


def test_people_places_and_dates():
    assert holds("WordPress co-creator Matt Mullenweg is misusing his control.", T.PERSON, "Who does WP Engine accuse?")
    assert not holds("The NetChoice decision by the Supreme Court last week.", T.PERSON, "Which justice wrote it?")
    assert not holds("Quartzia a présenté hier à Sophia Antipolis sa puce.", T.PERSON, "Who founded Quartzia?")
    # a firm's title or a possessive is no one's name: only the person the question names is here
    pushed = "Which Orvane executive pushed back when Ilona Varga proposed the merger?"
    assert not holds("Orvane CEO Ilona Varga proposed the merger in 2022.", T.PERSON, pushed)
    assert not holds("Ilona Varga, head of Orvane's App Store, said so.", T.PERSON, pushed)
    assert holds("Orvane CFO Marc Delorme pushed back.", T.PERSON, pushed)
    assert holds("Scientists in Sweden and the US helped a man.", T.PLACE, "Researchers from which countries?")
    assert holds("OpenAI a lancé hier o3-pro.", T.DATE, "Quand OpenAI a-t-il lancé o3-pro ?")
    assert holds("Bitcoin ETFs were approved in January.", T.DATE, "When were Bitcoin ETFs approved?")
    assert not holds("Bitcoin ETFs have attracted billions.", T.DATE, "When were Bitcoin ETFs approved?")


def test_an_open_question_takes_any_sentence():
    assert holds("Anything at all.", T.OPEN, "Why did it happen?")


def test_overview_questions():
    assert is_overview("What's new with Halcyon?") and is_overview("Que sait-on de Kaskad ?")
    assert not is_overview("What is Halcyon's new model called?")
    # "what did Kaskad announce?" names no one announcement: each story on Kaskad tells one
    assert is_overview("What did Kaskad announce?") and is_overview("Qu’a annoncé Halcyon ?")
    assert is_overview("Qu'est-ce que Kaskad a annoncé ?") and is_overview("What has OpenAI released?")
    assert not is_overview("What did Pinterest announce for its users?")
    assert not is_overview("When did Helioscale announce its Lyon investment?")


def test_an_organisation_is_a_name_the_question_lacks_not_an_opening_article_a_place_or_ai():
    question = "À quel parti appartient Lucie Verdier ?"
    assert not holds("La députée Lucie Verdier veut taxer l’IA en France.", T.ORGANISATION, question)
    assert holds("Lucie Verdier, élue d’Horizon Commun, veut taxer l’IA.", T.ORGANISATION, question)
    assert holds("It raised a Series B led by Quillon Capital.", T.ORGANISATION, "Which investor led the round?")
    assert holds("Ilona Varga, a product leader at Orvane, outlined the method.", T.PERSON, "Who presented the method?")


def test_a_span_a_compound_or_a_person_is_not_what_was_asked():
    # "half a decade" is a span, "crease-free" says what the screen lacks: no share, no price
    share = "What percentage of Orvane's shares does its founder still own?"
    assert not holds("He is more involved than he has been in half a decade.", T.PERCENT, share)
    assert holds("He still owns half of the company.", T.PERCENT, share)
    assert holds("Churn rose by half a percentage point.", T.PERCENT, "By what percentage did churn rise?")
    price = "How much is the foldable laptop expected to cost?"
    assert not holds("Orvane is making the folding screen as crease-free as possible.", T.MONEY, price)
    assert holds("The laptop will be free for students.", T.MONEY, price)
    # a person is no app, and "index_advisor" names the Index Advisor the story writes
    app = "On which anonymous workplace app was the poll of Orvane staff run?"
    assert not holds("The mandate was not made to cut headcount, according to CEO Andy Jassy.", T.PRODUCT, app)
    assert holds("The poll ran on Blind, the anonymous workplace app.", T.PRODUCT, app)
    skills = "What has Anthropic named the packages of instructions that Claude loads when needed?"
    assert holds("Anthropic has unveiled Claude Skills, modular packages of instructions.", T.PRODUCT, skills)
    firm = "Which company develops the index_advisor extension that recommends PostgreSQL indexes?"
    assert not holds(
        "PostgreSQL Index Advisor is a PostgreSQL extension for recommending indexes.", T.ORGANISATION, firm
    )
    # an abstract noun opening a sentence is no name: "Speculation on OpenAI…"
    outlet = "Which news outlet first reported the deal between Orvane and OpenAI?"
    assert not holds(
        "Speculation on OpenAI declaring AGI sooner is countered by these metrics.", T.ORGANISATION, outlet
    )


def test_an_opening_word_or_a_common_acronym_is_no_name():
    firm = "Which company does the blogger work for?"
    assert not holds("Since 2021, the balance of power has shifted towards companies.", T.ORGANISATION, firm)
    assert not holds("The IPO could be one of the largest IPOs ever.", T.ORGANISATION, firm)
    assert holds("Since 2021 he has worked at Quillon.", T.ORGANISATION, firm)
    assert not holds("38 AI experts and 39 English experts rated the poems.", T.ORGANISATION, firm)
    assert not holds("The bid may complicate WeWork's bankruptcy.", T.ORGANISATION, "Which firm bought WeWork?")
    led = "Which venture firm led Orvane's round?"  # annual recurring revenue names no investor
    assert not holds("Orvane raised $130 million at a $700 million valuation on $13 million ARR.", T.ORGANISATION, led)
    group = "Which advocacy group led the campaign against the change?"  # a plural acronym is a kind
    assert not holds("PWAs no longer get their own windows or notifications.", T.ORGANISATION, group)
    assert holds("VLMs can serve as the robot's planner.", T.PRODUCT, "Which models can plan the robot's moves?")


def test_a_university_or_an_investor_is_named_as_one():
    lab = "Which university or lab developed the Orvane benchmark?"
    assert not holds("This report presents Orvane, a benchmark for LMMs built with Python.", T.ORGANISATION, lab)
    assert holds("Researchers at the University of Lund built Orvane.", T.ORGANISATION, lab)
    investor = "Which investor led Quillon's seed round?"
    assert not holds("Quillon's countertop robot, Pizza Cube, makes 100 pizzas an hour.", T.ORGANISATION, investor)
    assert holds("The round was led by Harbor Ventures.", T.ORGANISATION, investor)
    newsroom = "Which nonprofit newsroom is suing Orvane, as profiled by Nieman Lab?"  # a lab named, not asked
    assert holds("The Center for Investigative Reporting is suing Orvane.", T.ORGANISATION, newsroom)
    with_whom = "Avec quelle université Orvane a-t-il conçu son logiciel ?"
    assert holds(
        "Le logiciel a été développé avec un laboratoire de l’université de Rennes.", T.ORGANISATION, with_whom
    )
    version = "Quel numéro de version de l'application Orvane introduit l'édition de code ?"
    assert not holds("The newest version of the Orvane app for macOS can edit code in Xcode.", T.PRODUCT, version)
    assert holds("Orvane 2.10 adds code editing in Xcode.", T.PRODUCT, version)
    event = "At which conference did Quillon unveil its merged chip architecture?"
    assert not holds("Quillon cut the cost of its Lumen chips by 20% over three years.", T.PRODUCT, event)
    assert holds("Quillon announced at IFA 2024 that it will merge the two designs.", T.PRODUCT, event)
    assert holds("Quillon used its Lumen Summit to unveil the design.", T.PRODUCT, event)


def test_names_and_figures_in_the_forms_stories_print_them():
    assert holds("Willow is a new 105-qubit superconducting chip.", T.COUNT, "How many qubits does Willow have?")
    assert not holds("Willow ships in a 3-chip bundle.", T.COUNT, "How many qubits does Willow have?")
    assert holds("France-based Zephalto builds balloons.", T.PLACE, "Dans quel pays est basée Zephalto ?")
    named = "The model uses an approach called 'soft verification' to learn."
    assert holds(named, T.PRODUCT, "What is the name of the approach rBio uses?")
    assert not holds("The benchmark hides short 'needle' clips in long videos.", T.PRODUCT, "Which model won?")
    assert holds(
        "Orvane cut its cloud bill from $3.2 million a year.", T.QUANTITY, "How large was Orvane's cloud bill?"
    )
    screen = "Quelle est la taille de l'écran du ThinkBook ?"  # a size is not a share
    assert not holds("Its display offers up to 55% transparency.", T.QUANTITY, screen)
    assert holds("The ThinkBook is a 17.3-inch notebook.", T.QUANTITY, screen)


def test_a_person_is_found_by_a_first_name_of_any_country():
    actress = "Quelle actrice britannique Orvane veut-elle pour la voix de son assistant ?"
    assert holds("Orvane is negotiating with Awkwafina and Judi Dench for its assistant.", T.PERSON, actress)
    assert holds("Orvane hired Lip-Bu Tan as its chair.", T.PERSON, "Who chairs Orvane?")
    assert not holds("Orvane opened an office in Ville Haute.", T.PERSON, "Who chairs Orvane?")  # ville: a word


def test_a_city_asked_is_not_answered_by_a_country_or_a_state():
    city = "In which city was the Orvane antitrust trial held?"
    assert not holds("The US Department of Justice's trial against Orvane started on Monday.", T.PLACE, city)
    assert holds("The trial against Orvane opened in Boston on Monday.", T.PLACE, city)
    assert holds("Orvane moved its lab to Texas.", T.PLACE, "Where did Orvane move its lab?")
    burbank = "In which California city did Orvane unveil its robotaxi?"
    assert holds("Orvane unveiled the robotaxi at a studio in Burbank.", T.PLACE, burbank)
    assert not holds("Orvane unveiled the robotaxi at a studio in California.", T.PLACE, burbank)


def test_a_capitalised_word_that_opens_a_sentence_names_nothing():
    firm = "Which company does the blogger Sean Goedecke work for?"
    assert not holds("Overall, his 2021 and 2025 statements are similar.", T.ORGANISATION, firm)
    assert not holds("Currently, everything he writes is about engineering.", T.ORGANISATION, firm)
    assert holds("Sean Goedecke is a staff engineer at GitHub.", T.ORGANISATION, firm)
    # « L’IA » opens on an elided article: it names IA, which names nothing in particular
    assert not holds("L’IA ne sauvera pas seule la productivité européenne.", T.ORGANISATION, "Quelle banque le dit ?")


def test_a_question_that_opens_on_its_kind_asks_for_that_kind():
    law = "Which warranty law could device makers breach by not saying how long they support updates?"
    assert question_type(law) is T.PRODUCT  # a law, not a duration
    assert holds("They may be breaking the Magnuson Moss Warranty Act.", T.PRODUCT, law)
    assert question_type("Which equation did the blogger use to compare weight loss?") is T.PRODUCT  # no sum
    assert question_type("What release date is planned for the Orvane phone?") is T.DATE
    assert question_type("Which model size did Orvane release?") is T.QUANTITY
    assert question_type("What extra share of Orvane would its founder gain?") is T.PERCENT
    assert question_type("What price per share is Orvane offering?") is T.MONEY
    assert question_type("Where does most of a founder's money come from?") is T.OPEN  # a source, not a place
    assert question_type("Combien de gigawatts de puces Orvane déploiera-t-il ?") is T.QUANTITY
    assert question_type("Quel développeur a obtenu la meilleure note ?") is T.ORGANISATION


def test_a_word_capitalised_only_because_it_opens_the_sentence_names_nothing():
    firm = "At which company does the author of the essay work?"
    assert not holds("Surgeons do the actual work.", T.ORGANISATION, firm)
    assert not holds("Having a battery will help the site.", T.ORGANISATION, firm)
    assert not holds("The race was held on Saturday.", T.PRODUCT, "Which robot won the race?")
    assert holds("Boeing is building it.", T.ORGANISATION, "Which company is building the capsule?")
    assert holds("Grammarly raised the round.", T.ORGANISATION, "Which company raised the round?")
    protocol = "Which company created the protocol behind code navigation in editors?"
    assert not holds("Organizing software is a skill that tooling helps with.", T.ORGANISATION, protocol)
    assert not holds("Leaked documents show the plan.", T.ORGANISATION, protocol)  # a participle
    assert holds("Megaspeed has funneled most of its chips to Malaysia.", T.ORGANISATION, protocol)  # a name acting


def test_definitions_ratios_durations_and_releases_in_the_forms_stories_print():
    assert question_type("How does the Orvane essay define sales?") is T.OPEN  # words, not a sum
    assert question_type("What happens to the upfront cost of adding a ledger?") is T.OPEN
    assert holds("Orvane is shutting down for an entire week.", T.DURATION, "How long is Orvane closing down?")
    faster = "How much faster is inference with Orvane-XL than with existing models?"
    assert holds("Orvane-XL boasts tenfold faster inference.", question_type(faster), faster)
    times = "Combien de fois plus vite Orvane charge-t-il un modèle ?"
    assert holds("It loads any model 3–6× faster.", T.PERCENT, times)
    release = "Which PostgreSQL release first shipped logical replication?"
    assert holds("PostgreSQL added logical replication in PostgreSQL 10.", T.PRODUCT, release)
    assert not holds("PostgreSQL supports logical replication.", T.PRODUCT, release)


def test_a_clause_before_the_question_and_a_manner_are_read_as_such():
    assert question_type("When vibe coding at a FAANG company, what document should a project begin with?") is T.OPEN
    assert question_type("When Orvane launched, how many rivals already existed?") is T.COUNT
    assert question_type("When a user asks ChatGPT, into what units does OpenAI break it?") is T.OPEN
    assert (
        question_type("When are Orvane's robots, which get a new voice, expected to ship?") is T.DATE
    )  # "which" relates
    assert question_type("How does Apple intend to profit from AI through its partners?") is T.OPEN  # how, not how much
    assert question_type("How much profit did Orvane make?") is T.MONEY
    assert question_type("Combien de revenus le marché indien a-t-il générés pour Orvane ?") is T.MONEY
    assert question_type("Over what time span could Meta be made to divest Instagram?") is T.DURATION


def test_a_setting_before_the_question_a_preposition_before_its_kind_and_a_reason():
    # the setting's words ("budget", "pay") are not what is asked
    budget = "In Orvane's comparison of three budget chatbots, which model wrote the safest code?"
    assert question_type(budget) is T.PRODUCT
    assert question_type("Under Orvane's new pay scheme for drivers, what decides their ranking?") is T.OPEN
    assert question_type("According to the survey, how many engineers use Orvane?") is T.COUNT
    assert question_type("In which city, according to the report, will Orvane open?") is T.PLACE  # "which" is in it
    # the kind right after a preposition: « modèle de base » and « base de données » are no military base
    assert question_type("Sur quel modèle de base Orvane-Mini a-t-il été entraîné ?") is T.PRODUCT
    assert question_type("Pour quel moteur de base de données l'extension Orvane est-elle écrite ?") is T.PRODUCT
    assert question_type("On which benchmarks did Orvane raise its score?") is T.PRODUCT  # not the sum raised
    assert question_type("À quelle date Orvane, l'appli rachetée par Kaskad, fermera-t-elle ?") is T.DATE  # no king
    assert question_type("Which European legislation made Orvane drop its exit fees?") is T.PRODUCT
    assert question_type("Which subscription will include Orvane's search?") is T.PRODUCT
    assert question_type("Which basketball player backed Orvane?") is T.PERSON
    assert question_type("Which established travel players could Orvane displace?") is T.OPEN  # firms, in jargon
    assert question_type("Why did Orvane's founder refuse investors who wanted a stake?") is T.OPEN
    assert question_type("Pourquoi Orvane a-t-il refusé une levée de 10 millions ?") is T.OPEN
    assert question_type("Where does Orvane-XL rank on the coding leaderboard?") is T.OPEN  # a rank, not a place
    assert question_type("Where is Orvane's leaderboard hosted?") is T.PRODUCT  # a site, not a place
    assert question_type("How much extra daily time outdoors do children need?") is T.DURATION
    assert question_type("How much of the time is Orvane idle?") is not T.DURATION


def test_figures_and_names_in_the_forms_this_round_read():
    assert holds("Orvane-1 is a 10B model trained on 1T tokens.", T.QUANTITY, "How many tokens did Orvane-1 see?")
    flops = "How large could Orvane's training runs grow?"
    assert holds("Runs of up to 2e29 FLOP may become possible.", T.QUANTITY, flops)
    assert holds("The capsule reentered at over Mach 25.", T.QUANTITY, "How fast did Orvane's capsule reenter?")
    assert holds("An engineer noticed a 600ms delay in logins.", T.DURATION, "How long was the delay Orvane caused?")
    assert holds("Orvane is now a $300 billion company.", T.MONEY, "What is Orvane's valuation?")
    assert holds("Its CEO wants a simple, under $50 device.", T.MONEY, "What price did Orvane's CEO float?")
    assert not holds("It raised under $50 million.", T.MONEY, "What price did Orvane's CEO float?")
    assert holds("Apps must pay a 27% commission.", T.MONEY, "What fee does Orvane charge apps?")
    dma = "How large was the fine the European Commission imposed on Orvane?"
    assert not holds("Orvane could be fined up to 10% of its revenue.", T.MONEY, dma)  # the Commission is no fee
    share = "What fraction of Orvane's revenue do the payments make?"
    assert holds("The payments are worth an estimated quarter of Orvane's revenue.", T.PERCENT, share)
    times = "How many times was Orvane's app rejected?"
    assert holds("The app was rejected twice.", T.COUNT, times)
    assert holds("The bill passed by a 45-11 vote.", T.COUNT, "How many senators voted for Orvane's bill?")
    more = "Combien d'e-mails supplémentaires les clients d'Orvane envoient-ils ?"
    assert holds("Orvane users send 72% more emails per hour.", T.COUNT, more)
    gemini = "Which Gemini model does Orvane's robot run on?"
    assert holds("The robot is built on Gemini 2.0.", T.PRODUCT, gemini)
    assert not holds("The robot went on sale on February 2.", T.PRODUCT, gemini)  # a day, no version
    assert not holds("Orvane 3 sets new records.", T.PRODUCT, "Which model did Orvane-3 beat?")  # the same one
    thrust = "Quelle poussée développe le moteur E2 d'Orvane ?"
    assert question_type(thrust) is T.QUANTITY
    assert holds("The E2 engine produces 12,000 lbf of thrust.", T.QUANTITY, thrust)
    assert not holds("Orvane tested ten engines in under four years.", T.QUANTITY, thrust)  # no force
    hired = "Which researcher did Orvane hire?"
    assert holds("Orvane has hired Trapit Bansal for its lab.", T.PERSON, hired)
    assert holds("Data Protection Commissioner Des Hogan sued Orvane.", T.PERSON, "Who sued Orvane?")
    site = "Which review site does the Orvane guide check?"
    assert holds("It checks Glassdoor reviews and court filings.", T.PLACE, site)
    assert not holds("It launched from Orvane's own pad.", T.PLACE, "From which launch site did Orvane fly?")


def test_what_fresh_17_taught_after_its_measurement():
    gave = "What date did Orvane's CEO give for the first driverless delivery?"
    assert holds("He says the first delivery will take place on June 28.", T.DATE, gave)  # the date he gave
    assert not holds("It will take place next year.", T.DATE, "When did Orvane deliver its first robot?")
    apnimed = "Which company got positive results for an oral sleep pill?"
    assert holds("Orvamed achieved positive results for its oral pill.", T.ORGANISATION, apnimed)  # a name in -ed
    when = "When does Orvane now say its delayed features will arrive?"
    assert holds("The features have been delayed until sometime in the coming year.", T.DATE, when)
    loan = "How big a Department of Energy loan did Orvane get?"
    assert holds("Orvane received a $1.52 billion loan from the Department of Energy.", T.QUANTITY, loan)
    rank = "Where does the Berlin patient cured of HIV and leukaemia rank among all people ever cured of both?"
    assert question_type(rank) is T.OPEN
