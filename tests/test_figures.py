"""Which figures a sentence holds for a question that asks one: sums, counts, shares, dates,
durations and measures, in the forms stories print them. Pure functions, French and English."""

from __future__ import annotations

from assistant.answering.answer_types import AnswerType
from assistant.answering.mentions import holds

T = AnswerType


def test_a_price_is_held_by_a_sentence_with_money_not_by_one_about_the_subject():
    question = "Combien coûte la location d'un robot Tora ?"
    assert holds("Chaque robot est loué 2 900 euros par mois, maintenance comprise.", T.MONEY, question)
    assert not holds("Nordlys a livré cette semaine ses cinq premiers robots Tora à Valmorin.", T.MONEY, question)
    assert holds("The Rabbit R1 is a $199 AI-powered device.", T.MONEY, "How much is the Rabbit R1?")


def test_counts_leave_out_dates_money_durations_and_measures():
    question = "How many people attended CES 2025?"
    assert not holds("CES 2025 in Las Vegas will run from January 7-10.", T.COUNT, question)
    assert not holds("He crossed $1 million on GitHub Sponsors after 5 years.", T.COUNT, "How many sponsors?")
    assert not holds("Stratus agreed to buy 300 MW of power for 20 years.", T.COUNT, "How many employees?")
    assert holds("Five children regained their hearing.", T.COUNT, "How many kids regained hearing?")
    assert holds("L’entreprise emploie plus de 275 personnes.", T.COUNT, "Combien de salariés compte Bullish ?")
    assert not holds("The new MacBooks will cost a few hundred dollars more.", T.COUNT, "How many MacBooks?")
    assert not holds("Le chantier a coûté deux milliards d’euros.", T.COUNT, "Combien d’ouvriers ?")
    assert not holds("Orvane may pick a 14.2-inch screen.", T.COUNT, "How many laptops will Orvane ship?")


def test_words_that_look_like_figures():
    battery = "Quelle autonomie de batterie Orvane annonce-t-il pour ses lunettes ?"
    assert not holds("Elles ne sont que des lunettes connectées à l’IA.", T.QUANTITY, battery)  # no litre
    assert holds("Les lunettes tiennent 6 heures et pèsent 49 g.", T.QUANTITY, "Combien pèsent les lunettes ?")
    price = "What will Orvane's gadget cost when it goes on sale?"
    assert not holds("Orvane finalized its $6.5 billion acquisition of the startup.", T.MONEY, price)  # no "start"


def test_a_day_asked_is_not_a_year():
    day = "On what exact date will Orvane Assist reach German users?"
    assert not holds("Orvane Assist will expand to German and Korean by 2025.", T.DATE, day)
    assert not holds("It ships with iOS 18.1 first.", T.DATE, day)  # a version, not the 18th of January
    assert holds("Orvane Assist arrives in German on March 2.", T.DATE, day)
    assert holds("Les actionnaires voteront le 6 novembre.", T.DATE, "À quelle date les actionnaires votent-ils ?")


def test_a_date_to_come_is_not_yesterday():
    question = "When will Quartzia deliver its Q1 chip?"
    assert not holds("Quartzia presented its Q1 chip yesterday in Sophia Antipolis.", T.DATE, question)
    assert holds("First deliveries are planned for February 2026.", T.DATE, question)
    assert holds("Quartzia presented its Q1 chip yesterday.", T.DATE, "When did Quartzia present its chip?")


def test_a_time_ago_is_not_a_duration():
    question = "How many weeks of parental leave does Netflix give?"
    assert not holds("Netflix made headlines nearly a decade ago with unlimited leave.", T.DURATION, question)
    assert not holds("Il y a trois ans, Netflix promettait un congé illimité.", T.DURATION, question)
    assert holds("Netflix now gives new parents 16 weeks of paid leave.", T.DURATION, question)


def test_a_figure_the_question_already_gives_is_not_an_answer():
    assert not holds("Orfeo 2 has 72 billion parameters.", T.QUANTITY, "Does Orfeo 2 have 72 billion parameters?")
    assert holds("Lark-2 Mini has a 128,000-token context window.", T.QUANTITY, "What is Lark-2 Mini's context window?")
    assert holds("Lark-2 can read one million tokens in one prompt.", T.QUANTITY, "What is Lark-2's context window?")


def test_a_score_a_data_rate_and_a_market_size_are_quantities():
    assert holds("Le modèle obtient 88,4 % au test MMLU.", T.QUANTITY, "What did the model score on MMLU?")
    assert not holds("Le modèle obtient la première place.", T.QUANTITY, "What did the model score on MMLU?")
    speed = "What download speed does the service reach?"
    assert holds("Le débit atteint 220 mégabits par seconde.", T.QUANTITY, speed)
    assert holds("It peaks at 2 Gbps.", T.QUANTITY, speed)
    assert holds("It can read millions of tokens at once.", T.QUANTITY, "What volume of tokens can it read?")
    window = "Quelle est la taille de la fenêtre de contexte de Vela-2 ?"
    assert holds("Sa fenêtre de contexte atteint 256 000 jetons.", T.QUANTITY, window)
    assert holds("It has a 128K context window.", T.QUANTITY, "How large is Vela-2's context window?")
    assert not holds("Le modèle compte 480 milliards de paramètres.", T.QUANTITY, window)  # another measure
    water = "How much water does a chatbot query use?"
    assert holds("Each query uses 0.4 millilitres of water.", T.QUANTITY, water)
    assert not holds("Users send 2 billion queries a day.", T.QUANTITY, water)
    allowed = "How much water per year may the data centre draw?"
    assert holds("Elle devra ramener ses prélèvements d’eau à 250 000 mètres cubes par an.", T.QUANTITY, allowed)
    assert holds("It may draw 3 million cubic meters a year.", T.QUANTITY, allowed)  # not "3 million meters"
    market = "How big could the market get by 2030?"
    assert holds("Le marché atteindrait 900 milliards de dollars en 2030.", T.QUANTITY, market)
    assert not holds("Le marché atteindrait 900 milliards de dollars en 2030.", T.QUANTITY, "How fast is the chip?")


def test_a_unit_the_question_names_and_ratios():
    question = "Quelle est la capacité, en kWh, de la batterie de WeLion ?"
    assert not holds("The pack delivers more than 1,000 kilometers of range.", T.QUANTITY, question)
    assert holds("The pack stores 150 kWh.", T.QUANTITY, question)
    assert not holds("Users hear characters in 1:1 chats.", T.COUNT, "How many voices can users pick?")
    assert not holds("The Rabbit R1 is a $199 device.", T.QUANTITY, "How much does the Rabbit R1 weigh?")
    water = "Combien d'eau consomme une requête ChatGPT ?"
    assert not holds("Une requête mobilise environ 0,34 watt-heure d’électricité.", T.QUANTITY, water)
    assert holds("Une requête consomme environ 0,32 millilitre d’eau.", T.QUANTITY, water)


def test_what_a_figure_is_about():
    cores = "How many CPU cores does the Snapdragon X Elite have?"
    assert not holds("Microsoft will ship its Surface Pro 10 and Surface Laptop 6 with the chip.", T.COUNT, cores)
    assert holds("The X Elite has 12 CPU cores.", T.COUNT, cores)
    quarter = "Au cours de quel trimestre de 2026 Oracle déploiera-t-il les puces ?"
    assert not holds("The partnership expands in 2027.", T.DATE, quarter)
    assert holds("Oracle will deploy them in the third quarter of 2026.", T.DATE, quarter)
    valuation = "At what valuation did World Labs raise money?"
    assert not holds("It is the first release after raising $230 million.", T.MONEY, valuation)
    assert holds("World Labs is now valued at $1 billion.", T.MONEY, valuation)
    assert holds("Woven City is a $10 billion project.", T.MONEY, "How much is Woven City worth?")
    firm = "Quelle entreprise a pris le contrôle de WeWork ?"
    assert not holds("Adam Neumann has bid $500 million to acquire WeWork.", T.ORGANISATION, firm)
    assert holds("Yardi took control of WeWork.", T.ORGANISATION, firm)
    assert not holds(
        "Yelp adds AI-powered features like Review Insights.", T.PRODUCT, "Which model powers Yelp's Review Insights?"
    )
    assert holds("The chip is built on a 3 nm process.", T.QUANTITY, "What node, in nanometres, is the chip built on?")


def test_a_comparison_is_answered_by_a_ratio_a_decade_by_a_decade_and_units_of_light_and_field():
    faster = "How much faster does the Orvane chip train models?"
    assert holds("The chip trains models nearly three times faster than its predecessor.", T.QUANTITY, faster)
    assert holds("It delivers up to 8x faster training.", T.QUANTITY, faster)
    assert holds("Training time fell from 31 to 12 hours.", T.QUANTITY, faster)
    assert not holds("The chip ships in March to cloud customers.", T.QUANTITY, faster)
    pricier = "How much pricier is Stratus's new licence for small firms?"
    assert holds("The licence is two to five times more expensive for small firms.", T.MONEY, pricier)
    assert holds("Altica was founded in the 1990s.", T.DATE, "In which decade was Altica founded?")
    assert not holds("Altica grew during the 2000s boom.", T.DATE, "In which year was Altica founded?")
    assert holds("The screen peaks at 2,000 nits.", T.QUANTITY, "What peak brightness does the Orvane screen reach?")
    assert holds("The magnet withstands 20 tesla.", T.QUANTITY, "What field strength can the magnet withstand?")
    investment = "De combien Orvane augmente-t-il son investissement dans Kaskad ?"
    assert holds("Orvane is expanding its investment in Kaskad by another $1 billion.", T.PERCENT, investment)
    assert not holds("Orvane raised $2 billion.", T.PERCENT, "By how much did Orvane grow its user base?")
    assert holds("The campus spans 85 acres.", T.QUANTITY, "How much land does the Helioscale campus cover?")
    assert holds("Stratus placed a $11 billion order.", T.QUANTITY, "How large was Stratus's extra order?")
    assert not holds("Stratus placed a $11 billion order.", T.QUANTITY, "How large is the context window of Orvane-2?")
    assert holds("It compresses pages about 10x.", T.QUANTITY, "What compression ratio does Orvane-OCR reach?")
    assert holds("She earned 1.8 trillion points.", T.QUANTITY, "Quel score a-t-elle obtenu en finale ?")


def test_figures_in_the_forms_stories_print_them():
    assert holds("A single cell weighs about 100 picograms.", T.QUANTITY, "How much does one cell weigh?")
    assert holds("The rocket can lift about 5 metric tons.", T.QUANTITY, "What payload capacity is planned?")
    speed = "À quelle vitesse la pensée humaine traite-t-elle l'information ?"
    assert holds("Humans think at a rate of 10 bits per second.", T.QUANTITY, speed)
    assert holds("Its traffic is down 11% from its peak.", T.PERCENT, "How far has Orvane's traffic slipped?")
    speedier = "How much speedier are priority calls than standard ones?"
    assert holds("Priority requests are now 40% faster.", T.MONEY, speedier)
    assert holds("It offers 75% cost savings.", T.MONEY, "How much do developers save on cached context?")
    assert holds("A rollout is expected by year's end.", T.DATE, "When will creators get the feature?")
    day = "À quelle date Orvane prévoyait-il une annonce ?"
    assert holds("Orvane plans a major announcement on May 9.", T.DATE, day)
    assert not holds("Orvane may unveil it soon.", T.DATE, day)
    until = "How long until buyers adopt it?"
    assert holds("It will be a couple of decades before buyers adopt it.", T.DURATION, until)
    before = "How long before the venture did Orvane buy the rights?"
    assert holds("Orvane bought the rights about three years ago.", T.DURATION, before)
    assert holds("The Gulf state of the United Arab Emirates is investing.", T.PLACE, "Which country is investing?")


def test_a_score_is_a_bare_number_and_a_version_counts_nothing():
    elo = "What Elo rating does Orvane-2 reach on the arena?"
    assert holds("It has an Elo score of 1460 on the arena.", T.QUANTITY, elo)
    assert not holds("Its 12B decoder builds on a 400M parameter encoder.", T.QUANTITY, elo)
    assert not holds("It needs as few as 100 examples.", T.QUANTITY, elo)
    images = "How many images were made with the Orvane model?"
    assert not holds("Seedream 4.0 is claimed to beat the Orvane model.", T.COUNT, images)
    assert not holds("Orvane stresses licensing under Apache 2.0.", T.COUNT, "On how many tokens was Orvane trained?")
    assert holds("Orvane beats Llama 3.1 8B after training on 3 trillion tokens.", T.COUNT, "On how many tokens?")


def test_a_minimum_an_average_or_a_median_asked_is_said_so():
    minimum = "What minimum investment did Orvane require from backers?"
    assert not holds("Orvane raised $6.6 billion from investors.", T.MONEY, minimum)
    assert holds("Orvane required a minimum investment of $250 million.", T.MONEY, minimum)
    median = "Quel est le salaire médian chez Orvane ?"
    assert not holds("Un ingénieur y gagne 90 000 euros.", T.MONEY, median)
    assert holds("Le salaire médian y est de 90 000 euros.", T.MONEY, median)


def test_a_year_the_question_gives_binds_its_figure():
    loss = "What operating loss did Orvane Labs report for the full year 2024?"
    assert not holds("Orvane Labs posted a $4.2 billion operating loss in Q1 2025.", T.MONEY, loss)
    assert holds("Orvane Labs lost $17.7 billion in 2024.", T.MONEY, loss)
    assert holds("Orvane Labs lost $17.7 billion last year.", T.MONEY, loss)  # no year said: not bound


def test_a_hyphenated_fraction_is_a_share_and_weekly_users_no_duration():
    share = "Quelle part des anciens mainteneurs d'Orvane est passée au fork ?"
    assert holds("Two-thirds of the former core maintainers moved to the fork.", T.PERCENT, share)
    took = "How long did it take Orvane to reach 100 million users?"
    assert not holds("Orvane nears 700 million weekly active users.", T.DURATION, took)
    assert holds("The index is updated weekly.", T.DURATION, "How often is the index updated?")


def test_a_headcount_is_counted_in_people():
    staff = "Combien de salariés compte Vantablue ?"
    assert not holds("Vantablue affirme que son agent a découvert 31 vulnérabilités inédites.", T.COUNT, staff)
    assert holds("Vantablue compte 140 salariés à Lille.", T.COUNT, staff)
    assert not holds("The agent read 2.3 million lines of code.", T.COUNT, "How many employees does Vantablue have?")
    assert holds("Orvane laid off 1,200 of its staff.", T.COUNT, "How many staff did Orvane lay off?")
    assert holds("Orvane has a workforce of 5,000.", T.COUNT, "How many people work at Orvane?")


def test_a_number_with_a_leading_zero_names_a_model_and_counts_nothing():
    asked = "Roughly how many mechanoreceptors are in the skin of a human hand?"
    assert not holds("Figure 01 is a commercially viable autonomous humanoid robot.", T.COUNT, asked)
    assert holds("The hand holds about 17,000 mechanoreceptors.", T.COUNT, asked)
    assert holds("Kaskad a loué 2 048 processeurs graphiques.", T.COUNT, "Combien de processeurs Kaskad a-t-il loués ?")


def test_a_share_written_in_words_is_a_percentage():
    asked = "De combien de points de pourcentage le rendement de l'usine dépasse-t-il celui de Taïwan ?"
    assert holds("Its yields are four percentage points higher than in Taiwan.", T.PERCENT, asked)
    assert holds("Only nine percent said they were happy.", T.PERCENT, "What share of employees were happy?")
    assert holds("Shares are up more than 170% this year.", T.PERCENT, "By how much are shares up?")


def test_forms_read_from_fresh_10():
    asked = "In what year did X-ray-based radiation treatment first appear?"
    assert holds("Radiation therapy has come a long way since X-ray therapy was born in 1896.", T.DATE, asked)
    assert holds("Orvane has 1500 employees.", T.COUNT, "How many employees does Orvane have?")  # no year
    leading = "How long had Pat Gelsinger been leading Intel?"
    assert holds("Pat Gelsinger took the reins as Intel CEO three years ago.", T.DURATION, leading)  # since when
    named = "What name is given to the technique that locates what sparked confusion?"
    assert holds("This method, known as backtracing, helps content creators.", T.PRODUCT, named)
